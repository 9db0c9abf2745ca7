import type { CreateClassroomResponse, JoinClassroomResponse } from '@parley/contracts';
import { connect, emitAck, Inbox, type ClientSocket } from '../realtime/support/clients';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';
import { subsetCorpus } from '../support/test-env';
import { rawRequest, type RawResponse } from './support/fuzz';
import { startApp, type TestApp } from '../support/test-app';

// Issue 14, finding 6: a class behind one school address, with the production rate limits. Every client sends
// from its own loopback address (127.0.0.0/8), as schools, homes and attackers would from their networks.
// Persona and corpus come from the fixture corpus (tests/support/fixture-corpus.ts).
const CORPUS_FILES = [FIXTURE_DOCS.youth];
const PERSONA = FOUNDER;
const QUESTION = 'What should young communists learn?';
const CLASS_SIZE = 30;
const MAX_STUDENTS = 40;

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function post(t: TestApp, from: string, path: string, body: unknown): Promise<RawResponse> {
  return rawRequest(t.url, 'POST', path, {
    localAddress: from,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function create(t: TestApp, from: string, title = 'Revolutions, period 3') {
  const res = await post(t, from, '/api/classrooms', { title, personas: [PERSONA] });
  expect(res.status).toBe(201);
  return JSON.parse(res.body) as CreateClassroomResponse;
}

function join(t: TestApp, from: string, code: string, displayName: string): Promise<RawResponse> {
  return post(t, from, '/api/classrooms/join', { code, displayName });
}

/** A code of the right shape that no session has (the `n`-th of a fixed sequence). */
function wrongCode(n: number, avoid: string): string {
  const code = Array.from({ length: 8 }, (_, k) => ALPHABET[(n * 7 + k * 3 + 1) % ALPHABET.length]).join('');
  return code === avoid ? wrongCode(n + 1000, avoid) : code;
}

const status = (r: RawResponse) => r.status;
const code = (r: RawResponse) => (JSON.parse(r.body) as { code?: string }).code;

describe('classroom limits for a class behind one school address', () => {
  let t: TestApp;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startApp({
      env: { CORPUS_DIR: subsetCorpus(CORPUS_FILES), CLASSROOM_MAX_STUDENTS: String(MAX_STUDENTS) },
      classroom: { retentionIntervalMs: 0 },
    });
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it(`lets all ${CLASS_SIZE} students of a class join within the same minute from one address`, async () => {
    const school = '127.0.0.2';
    const { joinCode } = await create(t, school);
    const joins: RawResponse[] = [];
    for (let i = 0; i < CLASS_SIZE; i++) joins.push(await join(t, school, joinCode, `Student ${i + 1}`));
    expect(joins.map(status)).toEqual(Array(CLASS_SIZE).fill(201));
  });

  it('lets the teachers of one school create their sessions from the same address', async () => {
    const school = '127.0.0.3';
    const created = [];
    for (let i = 0; i < 25; i++) created.push(await create(t, school, `Period ${i + 1}`));
    expect(new Set(created.map((c) => c.joinCode)).size).toBe(25);
  });

  it('keeps a classmate who floods wrong codes from locking the others out, without telling a guesser anything', async () => {
    const school = '127.0.0.4';
    const { joinCode } = await create(t, '127.0.0.5');
    expect(status(await join(t, school, joinCode, 'First Student'))).toBe(201);

    const wrong: RawResponse[] = [];
    for (let i = 0; i < 30; i++) wrong.push(await join(t, school, wrongCode(i, joinCode), 'Prankster'));
    expect(wrong.slice(0, 10).map(code)).toEqual(Array(10).fill('invalid_join_code'));
    // One wrong code comes back every 6 s: on a slow machine one of the 20 may be a fresh 401.
    expect(wrong.slice(10).filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(19);

    const classmates: RawResponse[] = [];
    for (let i = 0; i < CLASS_SIZE - 2; i++)
      classmates.push(await join(t, school, joinCode, `Classmate ${i}`));
    expect(classmates.map(status)).toEqual(Array(CLASS_SIZE - 2).fill(201));

    // The right code of a session nobody joined from here is refused like a wrong one: no oracle for guessing.
    const other = await create(t, '127.0.0.5', 'Another class');
    // The classmates' joins took a few seconds, in which a wrong code may have come back: use it up first.
    for (let i = 100; (await join(t, school, wrongCode(i, other.joinCode), 'Prankster')).status !== 429; i++)
      expect(i).toBeLessThan(110);
    const guessed = await join(t, school, other.joinCode, 'Prankster');
    expect(guessed.status).toBe(429);
    expect(JSON.parse(guessed.body)).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    // Another network is not affected.
    expect(status(await join(t, '127.0.0.6', other.joinCode, 'Student at home'))).toBe(201);
  });

  it(`caps a session at ${MAX_STUDENTS} students; a student the teacher removes frees a place`, async () => {
    const school = '127.0.0.7';
    const created = await create(t, school);
    const joined: JoinClassroomResponse[] = [];
    for (let i = 0; i < MAX_STUDENTS; i++) {
      const res = await join(t, school, created.joinCode, `Student ${i + 1}`);
      expect(res.status).toBe(201);
      joined.push(JSON.parse(res.body) as JoinClassroomResponse);
    }
    const full = await join(t, school, created.joinCode, 'One too many');
    expect(full.status).toBe(403);
    expect(JSON.parse(full.body)).toMatchObject({ statusCode: 403, code: 'classroom_full' });

    const teacher = await connect(t.url, '/classroom', created.teacherToken);
    sockets.push(teacher);
    const removed = await emitAck(teacher, 'participant:remove', { participantId: joined[0].participantId });
    expect(removed.ok).toBe(true);
    expect(status(await join(t, school, created.joinCode, 'Latecomer'))).toBe(201);
  });

  it('caps how many broadcasts a teacher sends, then lets them broadcast again after a pause', async () => {
    const created = await create(t, '127.0.0.8');
    const student = JSON.parse(
      (await join(t, '127.0.0.8', created.joinCode, 'Reader')).body,
    ) as JoinClassroomResponse;
    const teacher = await connect(t.url, '/classroom', created.teacherToken);
    const reader = await connect(t.url, '/classroom', student.token);
    sockets.push(teacher, reader);
    const inbox = new Inbox(reader);

    const acks = [];
    for (let i = 0; i < 13; i++) acks.push(await emitAck(teacher, 'broadcast', { text: `Notice ${i + 1}` }));
    expect(acks.slice(0, 10).every((a) => a.ok)).toBe(true);
    // One broadcast comes back every 6 s: on a slow machine one of the last three may pass.
    const refused = acks.slice(10).filter((a) => a.error?.code === 'rate_limited');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused[0].error?.retryAfterMs).toBeGreaterThan(0);

    const tooLong = await emitAck(teacher, 'broadcast', { text: 'x'.repeat(1001) });
    expect(tooLong.error?.code).toBe('validation_failed');

    t.clock.advance(6_000);
    expect((await emitAck(teacher, 'broadcast', { text: 'After the pause' })).ok).toBe(true);
    const accepted = acks.map((a, i) => (a.ok ? `Notice ${i + 1}` : null)).filter((x) => x !== null);
    const expected = [...accepted, 'After the pause'];
    await inbox.until(() => inbox.of('broadcast').length >= expected.length, 10_000, 'the broadcasts');
    const texts = inbox.of<{ data: { text: string } }>('broadcast').map((e) => e.data.text);
    expect(texts).toEqual(expected);
  });

  it("keeps one student's flood of questions from stopping a classmate's question", async () => {
    const created = await create(t, '127.0.0.9');
    const [a, b] = await Promise.all(
      ['Asker', 'Classmate'].map(
        async (name) =>
          JSON.parse((await join(t, '127.0.0.9', created.joinCode, name)).body) as JoinClassroomResponse,
      ),
    );
    const flooder = await connect(t.url, '/classroom', a.token);
    const classmate = await connect(t.url, '/classroom', b.token);
    sockets.push(flooder, classmate);
    // Sent together, so that the bucket (burst 3, then one every 3 s of real time) cannot refill in between.
    const flood = await Promise.all(
      Array.from({ length: 6 }, () => emitAck(flooder, 'ask', { persona: PERSONA, message: QUESTION })),
    );
    const refused = flood.filter((r) => r.error?.code === 'rate_limited').length;
    expect(refused).toBeGreaterThanOrEqual(2);
    const asked = await emitAck(classmate, 'ask', { persona: PERSONA, message: QUESTION });
    expect(asked.ok).toBe(true);
  });
});
