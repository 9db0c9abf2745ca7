jest.mock('@parley/chat', () => jest.requireActual('../../libs/chat/src/chat.types'));

import type { ClassroomEvent, Exchange } from '@parley/contracts';
import { RealtimeHealth } from '../../apps/api/src/realtime/realtime-health';
import { connect, createClassroom, emitAck, Inbox, joinClassroom } from './support/clients';
import { member } from './support/classroom-fixture';
import { TcpProxy } from './support/tcp-proxy';
import { startRealtimeApp, type RealtimeTestApp } from '../support/test-app';
import { createSerialTestDatabase, type SerialTestDatabase } from './support/test-database';
import { FOUNDER } from '../support/fixture-corpus';
import { waitFor } from '../support/wait-for';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
type Envelope<T> = ClassroomEvent & { data: T };

describe('two api instances sharing Redis and one database', () => {
  let db: SerialTestDatabase;
  let a: RealtimeTestApp;
  let b: RealtimeTestApp;
  beforeAll(async () => {
    db = await createSerialTestDatabase();
    a = await startRealtimeApp({ database: db.database, env: { REDIS_URL } });
    b = await startRealtimeApp({ database: db.database, env: { REDIS_URL } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.close();
  });

  it('report Redis as connected', () => {
    expect(a.app.get(RealtimeHealth).report()).toEqual({ redis: 'connected' });
  });

  it('deliver a student’s question on one instance to the teacher on the other, and the teacher’s broadcast back', async () => {
    const created = await createClassroom(a.url, { visibility: 'private' });
    const teacher = await member(b.url, 'Teacher', created.teacherToken, created.participantId);
    const joined = await joinClassroom(a.url, created.joinCode, 'Ana');
    const student = await member(a.url, 'Ana', joined.token, joined.participantId);

    const ack = await emitAck(student.socket, 'ask', { persona: FOUNDER, message: 'Across instances?' });
    const id = (ack.exchange as Exchange).id;
    await teacher.inbox.waitFor<Envelope<{ exchangeId: string }>>(
      'exchange:answered',
      (e) => e.data.exchangeId === id,
    );
    expect(teacher.inbox.of<{ exchangeId: string }>('exchange:delta').some((d) => d.exchangeId === id)).toBe(
      true,
    );

    await emitAck(teacher.socket, 'broadcast', { text: 'Seen on both?' });
    await student.inbox.waitFor<Envelope<{ text: string }>>(
      'broadcast',
      (e) => e.data.text === 'Seen on both?',
    );
    teacher.socket.close();
    student.socket.close();
  });

  it('disconnect a removed student connected to the other instance', async () => {
    const created = await createClassroom(a.url);
    const teacher = await member(a.url, 'Teacher', created.teacherToken, created.participantId);
    const joined = await joinClassroom(b.url, created.joinCode, 'Bo');
    const student = await connect(b.url, '/classroom', joined.token);
    const gone = new Promise((resolve) => student.once('disconnect', resolve));
    await emitAck(teacher.socket, 'participant:remove', { participantId: joined.participantId });
    await gone;
    teacher.socket.close();
  });

  it('share one rate limit per participant', async () => {
    const created = await createClassroom(a.url);
    const joined = await joinClassroom(a.url, created.joinCode, 'Cy');
    const onA = await connect(a.url, '/classroom', joined.token);
    const onB = await connect(b.url, '/classroom', joined.token);
    const acks = [];
    for (const s of [onA, onB, onA, onB])
      acks.push(await emitAck(s, 'ask', { persona: FOUNDER, message: 'Again?' }));
    expect(acks.map((x) => x.ok)).toEqual([true, true, true, false]);
    expect(acks[3].error?.code).toBe('rate_limited');
    onA.close();
    onB.close();
  });
});

describe('an instance whose Redis is unreachable at start-up', () => {
  let t: RealtimeTestApp;
  beforeAll(async () => {
    t = await startRealtimeApp({
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
      classroom: { redisConnectTimeoutMs: 300 },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts, says so in its health, and runs classrooms on its own', async () => {
    expect(t.app.get(RealtimeHealth).report()).toEqual({ redis: 'unavailable' });
    const created = await createClassroom(t.url, { visibility: 'shared' });
    const teacher = await member(t.url, 'Teacher', created.teacherToken, created.participantId);
    const joined = await joinClassroom(t.url, created.joinCode, 'Di');
    const student = await member(t.url, 'Di', joined.token, joined.participantId);
    const ack = await emitAck(student.socket, 'ask', { persona: FOUNDER, message: 'Still there?' });
    expect(ack.ok).toBe(true);
    await teacher.inbox.waitFor('exchange:answered');
    teacher.socket.close();
    student.socket.close();
  });
});

describe('an instance whose Redis fails while it runs', () => {
  let proxy: TcpProxy;
  let t: RealtimeTestApp;
  beforeAll(async () => {
    const target = new URL(REDIS_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    t = await startRealtimeApp({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
  });
  afterAll(async () => {
    // Shutting down while Redis is unreachable must be clean too.
    await proxy.cut();
    await t.close();
  });

  it('keeps delivering events and limiting rates locally, and reconnects when Redis is back', async () => {
    const health = t.app.get(RealtimeHealth);
    expect(health.report()).toEqual({ redis: 'connected' });
    const created = await createClassroom(t.url, { visibility: 'shared' });
    const teacher = await member(t.url, 'Teacher', created.teacherToken, created.participantId);
    const joined = await joinClassroom(t.url, created.joinCode, 'Ed');
    const student = await connect(t.url, '/classroom', joined.token);
    const inbox = new Inbox(student);

    const port = proxy.port;
    await proxy.cut();
    await waitFor(() => health.report().redis === 'unavailable', {
      what: 'redis to be reported unavailable',
    });

    const started = Date.now();
    await emitAck(teacher.socket, 'broadcast', { text: 'Redis is down' });
    await inbox.waitFor<Envelope<{ text: string }>>(
      'broadcast',
      (e) => e.data.text === 'Redis is down',
      3000,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    const acks = [];
    for (let i = 0; i < 4; i++)
      acks.push(await emitAck(student, 'ask', { persona: FOUNDER, message: `Q${i}` }));
    expect(acks.map((x) => x.ok)).toEqual([true, true, true, false]);

    await proxy.start(port);
    await waitFor(() => health.report().redis === 'connected', {
      what: 'redis to come back',
      timeout: 15_000,
    });
    // Events of other instances did not reach this one meanwhile: its clients are asked to resync.
    await inbox.waitFor('resync:required');
    teacher.socket.close();
    student.close();
  });
});
