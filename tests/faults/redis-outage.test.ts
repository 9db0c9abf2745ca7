import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import request from 'supertest';
import { ChatTokenResponseSchema, type Answer } from '@parley/contracts';
import { startApp, type TestApp } from '../support/test-app';
import { ask } from '../support/chat-helpers';
import { connect, createClassroom, emitAck, Inbox, joinClassroom } from '../realtime/support/clients';
import { member } from '../realtime/support/classroom-fixture';
import { freePort } from '../realtime/support/child-process';
import { FaultProxy } from './support/fault-proxy';
import { waitFor } from '../support/wait-for';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

// The full api (real answer pipeline) with REDIS_URL set, while Redis refuses connections, stalls, or
// its process dies: one instance must keep serving chat and classrooms on its own and say so in /health.

const REDIS_URL = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const QUESTION = { persona: FOUNDER, message: 'What should young communists study?' };

const redisStatus = async (url: string): Promise<string> =>
  ((await request(url).get('/health')).body as { realtime?: { redis?: string } }).realtime?.redis ?? '';

/** Chat over HTTP and socket.io, and a classroom question reaching the teacher, all on this one instance. */
async function expectOneInstanceServes(url: string): Promise<void> {
  const health = await request(url).get('/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ status: 'ok', realtime: { redis: 'unavailable' } });
  await request(url).get('/health/ready').expect(200);

  const answer = await ask(url, QUESTION);
  expect(answer.citations.length).toBeGreaterThan(0);

  const token = ChatTokenResponseSchema.parse(
    (await request(url).post('/api/realtime/chat-tokens').expect(201)).body,
  ).token;
  const chat = await connect(url, '/chat', token);
  try {
    const inbox = new Inbox(chat);
    const ack = await emitAck(chat, 'ask', QUESTION, 30_000);
    expect(ack).toMatchObject({ ok: true });
    const done = await inbox.waitFor<Answer>('answer:done', (a) => a.messageId === ack.messageId, 30_000);
    expect(done.citations.length).toBeGreaterThan(0);
  } finally {
    chat.close();
  }

  const created = await createClassroom(url, { visibility: 'shared' });
  const teacher = await member(url, 'Teacher', created.teacherToken, created.participantId);
  const joined = await joinClassroom(url, created.joinCode, 'Ana');
  const student = await member(url, 'Ana', joined.token, joined.participantId);
  try {
    const asked = await emitAck(student.socket, 'ask', QUESTION, 30_000);
    expect(asked.ok).toBe(true);
    const id = (asked.exchange as { id: string }).id;
    await teacher.inbox.waitFor<{ data: { exchangeId: string } }>(
      'exchange:answered',
      (e) => e.data.exchangeId === id,
      30_000,
    );
    await emitAck(teacher.socket, 'broadcast', { text: 'Still here without Redis' });
    await student.inbox.waitFor<{ data: { text: string } }>(
      'broadcast',
      (e) => e.data.text === 'Still here without Redis',
    );
  } finally {
    teacher.socket.close();
    student.socket.close();
  }
}

const DOCUMENTS = [FIXTURE_DOCS.youth];

/**
 * Registers hooks that start the app with REDIS_URL pointing at a proxy to the real Redis (which the tests can cut
 * or stall) and stop both afterwards; the returned object holds them once `beforeAll` has run.
 */
function appBehindRedisProxy(): { proxy: FaultProxy; t: TestApp } {
  const env = {} as { proxy: FaultProxy; t: TestApp };
  beforeAll(async () => {
    env.proxy = new FaultProxy(REDIS_URL.hostname, Number(REDIS_URL.port || 6379));
    await env.proxy.start();
    env.t = await startApp({ redisUrl: `redis://127.0.0.1:${env.proxy.port}`, documents: DOCUMENTS });
  });
  afterAll(async () => {
    await env.proxy.cut();
    await env.t.close();
  });
  return env;
}

describe('when Redis goes away behind a proxy', () => {
  const env = appBehindRedisProxy();

  it('keeps one instance serving chat and classrooms while Redis refuses connections, twice, and reconnects', async () => {
    const { proxy, t } = env;
    expect(await redisStatus(t.url)).toBe('connected');
    for (let outage = 0; outage < 2; outage++) {
      await proxy.cut();
      await waitFor(async () => (await redisStatus(t.url)) === 'unavailable', {
        what: 'redis to be reported unavailable',
        timeout: 30_000,
      });
      await expectOneInstanceServes(t.url);
      await proxy.restore();
      await waitFor(async () => (await redisStatus(t.url)) === 'connected', {
        what: 'redis to come back',
        timeout: 30_000,
      });
    }
  });
});

describe('when Redis stalls (connections stay open, nothing comes back)', () => {
  const env = appBehindRedisProxy();

  it('still answers chat questions and issues chat tokens', async () => {
    const { proxy, t } = env;
    expect(await redisStatus(t.url)).toBe('connected');
    proxy.hold();
    const token = ChatTokenResponseSchema.parse(
      (await request(t.url).post('/api/realtime/chat-tokens').expect(201)).body,
    ).token;
    const chat = await connect(t.url, '/chat', token);
    try {
      const inbox = new Inbox(chat);
      const ack = await emitAck(chat, 'ask', QUESTION, 30_000);
      expect(ack).toMatchObject({ ok: true });
      await inbox.waitFor<Answer>('answer:done', (a) => a.messageId === ack.messageId, 30_000);
    } finally {
      chat.close();
    }
    const created = await createClassroom(t.url, { visibility: 'shared' });
    const joined = await joinClassroom(t.url, created.joinCode, 'Bo');
    const student = await member(t.url, 'Bo', joined.token, joined.participantId);
    try {
      const asked = await emitAck(student.socket, 'ask', QUESTION, 30_000);
      expect(asked.ok).toBe(true);
    } finally {
      student.socket.close();
    }
    proxy.release();
  });
});

describe('when the Redis process dies', () => {
  let port: number;
  let redis: ChildProcess;
  let t: TestApp;

  async function startRedis(): Promise<ChildProcess> {
    const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = tcpConnect(port, '127.0.0.1');
          s.once('connect', () => (s.destroy(), resolve(true)));
          s.once('error', () => resolve(false));
        }),
      { what: 'a private redis-server to listen', timeout: 30_000 },
    );
    return child;
  }

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis();
    t = await startApp({ redisUrl: `redis://127.0.0.1:${port}`, documents: DOCUMENTS });
  });
  afterAll(async () => {
    if (redis.exitCode === null && redis.signalCode === null) redis.kill('SIGKILL');
    await t.close();
  });

  it('keeps serving alone after kill -9 of redis-server, and uses the restarted one', async () => {
    expect(await redisStatus(t.url)).toBe('connected');
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGKILL');
    await exited;
    await waitFor(async () => (await redisStatus(t.url)) === 'unavailable', {
      what: 'redis to be reported unavailable',
      timeout: 30_000,
    });
    await expectOneInstanceServes(t.url);
    redis = await startRedis();
    await waitFor(async () => (await redisStatus(t.url)) === 'connected', {
      what: 'redis to come back',
      timeout: 30_000,
    });
    await ask(t.url, QUESTION);
  });
});
