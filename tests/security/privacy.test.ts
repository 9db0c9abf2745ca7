import request from 'supertest';
import { RetentionService } from '@parley/classroom';
import type { CreateClassroomResponse, Exchange, JoinClassroomResponse } from '@parley/contracts';
import type { Database } from '@parley/database';
import { connect, emitAck, Inbox } from '../realtime/support/clients';
import { DAY_MS } from '../realtime/support/test-clock';
import { subsetCorpus } from '../support/test-env';
import { RELAXED_LIMITS } from '../support/rate-limits';
import { startApp, type TestApp } from '../support/test-app';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

// The real api and pipeline, a classroom flow in which the student's browser volunteers more than it
// should, then a scan of every row of every table.

const STUDENT = 'Ana Lindqvist';
const EMAIL = 'ana.lindqvist@example.com';
const PHONE = '+44 7700 900123';
const FORWARDED_IP = '203.0.113.77';
const USER_AGENT = 'AnaBrowser/9.1 (school-laptop-4711)';
const BIRTHDAY = '2009-04-17';

async function tables(db: Database): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** Rows of every table whose whole text (every column, jsonb included) contains `needle`, by table. */
async function rowsContaining(db: Database, needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const table of await tables(db)) {
    // The identifier comes from information_schema and is quoted by Postgres itself.
    const [{ sql }] = await db.query<{ sql: string }>(
      `SELECT format('SELECT count(*)::int AS n FROM %I t WHERE strpos(lower(t::text), lower($1)) > 0', $1::text) AS sql`,
      [table],
    );
    const [{ n }] = await db.query<{ n: number }>(sql, [needle]);
    if (n > 0) found[table] = n;
  }
  return found;
}

describe('what is kept about a student', () => {
  let t: TestApp;
  let created: CreateClassroomResponse;
  let joined: JoinClassroomResponse;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startApp({
      env: { CORPUS_DIR: subsetCorpus([FIXTURE_DOCS.youth]) },
      classroom: { rateLimits: RELAXED_LIMITS, retentionIntervalMs: 0 },
    });
    created = (
      await request(t.url)
        .post('/api/classrooms')
        .send({
          title: 'Period 3',
          personas: [FOUNDER],
          visibility: 'shared',
          retentionDays: 7,
          teacherName: 'Ms Rivera',
        })
        .expect(201)
    ).body;
    joined = (
      await request(t.url)
        .post('/api/classrooms/join')
        .set('User-Agent', USER_AGENT)
        .set('X-Forwarded-For', FORWARDED_IP)
        .set('Cookie', `email=${EMAIL}`)
        .send({
          code: created.joinCode,
          displayName: STUDENT,
          email: EMAIL,
          phone: PHONE,
          birthday: BIRTHDAY,
          ip: FORWARDED_IP,
          userAgent: USER_AGENT,
        })
        .expect(201)
    ).body;
    const teacher = await connect(t.url, '/classroom', created.teacherToken);
    const inbox = new Inbox(teacher);
    const student = await connect(t.url, '/classroom', joined.token);
    const exchange = (
      await emitAck(student, 'ask', { persona: FOUNDER, message: 'What must young communists study?' })
    ).exchange as Exchange;
    const started = await inbox.waitFor<{ data: { messageId: string } }>('exchange:started');
    await inbox.waitFor('exchange:answered', () => true, 20_000);
    await emitAck(teacher, 'exchange:pin', { exchangeId: exchange.id });
    await emitAck(teacher, 'broadcast', { text: 'Five minutes left.' });
    ids.push(created.classroom.id, created.participantId, joined.participantId, exchange.id);
    // The conversation id is never sent to a client; the exchange row knows it.
    const [{ conversation_id: conversationId }] = await t.db.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM classroom_exchanges WHERE id = $1',
      [exchange.id],
    );
    ids.push(conversationId, started.data.messageId);
    teacher.close();
    student.close();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('stores nothing the browser volunteered beyond the display name: no email, phone, address, agent or birthday', async () => {
    expect(await rowsContaining(t.db, STUDENT)).not.toEqual({});
    for (const needle of [
      EMAIL,
      'lindqvist@',
      '7700 900123',
      '7700900123',
      FORWARDED_IP,
      '127.0.0.1',
      USER_AGENT,
      'AnaBrowser',
      BIRTHDAY,
    ]) {
      expect({ needle, rows: await rowsContaining(t.db, needle) }).toEqual({ needle, rows: {} });
    }
  });

  it('stores neither token, only their hashes', async () => {
    for (const token of [created.teacherToken, joined.token])
      expect(await rowsContaining(t.db, token)).toEqual({});
  });

  it('has no column meant for contact details, addresses or devices', async () => {
    const columns = await t.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const personal = columns.filter((c) =>
      /e_?mail|phone|mobile|(^|_)ip(_|$)|addr|user_?agent|birth|surname|last_?name|location|device|cookie/i.test(
        c.column_name,
      ),
    );
    expect(personal).toEqual([]);
  });

  it.each([
    ['an email address', 'ana.lindqvist@example.com'],
    ['an email address with spaces around the at', 'ana lindqvist @ example.com'],
    ['a phone number', '+44 7700 900123'],
    ['a phone number with dashes', '555-867-5309'],
    ['a phone number in brackets', '(0)20 7946 0958'],
  ])('refuses a display name that is %s, with validation_failed', async (_what, displayName) => {
    const res = await request(t.url)
      .post('/api/classrooms/join')
      .send({ code: created.joinCode, displayName })
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      message: expect.stringMatching(/displayName/),
    });
    const teacher = await request(t.url)
      .post('/api/classrooms')
      .send({ title: 'T', personas: [FOUNDER], teacherName: displayName });
    expect(teacher.status).toBe(400);
  });

  it.each(['Ana', 'Zoë 2', 'Table 12', 'Group 3B', 'Jean-Luc', "O'Brien", 'Student 1984'])(
    'still accepts the display name %s',
    async (displayName) => {
      await request(t.url)
        .post('/api/classrooms/join')
        .send({ code: created.joinCode, displayName })
        .expect(201);
    },
  );

  it('leaves no row anywhere that mentions the session once its retention has passed', async () => {
    const mentioned = async () => {
      const all: Record<string, Record<string, number>> = {};
      for (const needle of [
        ...ids,
        STUDENT,
        'Ms Rivera',
        'What must young communists study?',
        'Five minutes left.',
      ]) {
        const rows = await rowsContaining(t.db, needle);
        if (Object.keys(rows).length) all[needle] = rows;
      }
      return all;
    };
    const before = await mentioned();
    // Sanity: the scan finds the session in the classroom tables and in the chat tables.
    expect(Object.keys(before)).toEqual(expect.arrayContaining(ids));
    for (const table of [
      'classrooms',
      'classroom_participants',
      'classroom_exchanges',
      'classroom_events',
      'conversations',
      'messages',
    ])
      expect(Object.values(before).some((rows) => rows[table] > 0)).toBe(true);

    const retention = t.app.get(RetentionService);
    t.clock.advance(6 * DAY_MS);
    expect((await retention.sweep()).classrooms).toEqual([]);
    t.clock.advance(2 * DAY_MS);
    expect((await retention.sweep()).classrooms).toEqual([created.classroom.id]);
    expect(await mentioned()).toEqual({});
    await request(t.url)
      .get(`/api/classrooms/${created.classroom.id}`)
      .set('Authorization', `Bearer ${created.teacherToken}`)
      .expect(401);
  });
});
