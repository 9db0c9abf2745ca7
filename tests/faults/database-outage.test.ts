import request from 'supertest';
import { ChatTokenResponseSchema } from '@parley/contracts';
import { isDatabaseUnavailable } from '@parley/core';
import { Database, startEmbeddedPostgres, type EmbeddedPostgres } from '@parley/database';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import {
  ask,
  askStream,
  getConversationAsOwner,
  streamError,
  type ConversationBody,
} from '../support/chat-helpers';
import { connect, emitAck, Inbox } from '../realtime/support/clients';
import { FaultProxy } from './support/fault-proxy';
import { waitFor } from '../support/wait-for';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

// The api reaches its database through a TCP proxy the test controls, as it would reach a real Postgres
// over a network: the proxy refuses and drops connections, or swallows a request mid-flight.

const OUTAGES = 3;
const QUESTION = { persona: FOUNDER, message: 'What should young communists study?' };

describe('when the database connection drops', () => {
  let pg: EmbeddedPostgres;
  let proxy: FaultProxy;
  let t: TestApp;

  beforeAll(async () => {
    pg = await startEmbeddedPostgres({ dataDir: 'memory://' });
    proxy = new FaultProxy('127.0.0.1', pg.port);
    await proxy.start();
    t = await startTestApp({
      DATABASE_URL: `postgresql://postgres:postgres@127.0.0.1:${proxy.port}/postgres?sslmode=disable`,
      PGLITE_DATA_DIR: undefined,
      CORPUS_DIR: subsetCorpus([FIXTURE_DOCS.youth]),
    });
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.close();
    await pg.stop();
  });

  const ready = async () => (await request(t.url).get('/health/ready')).status === 200;

  /** Every route that needs the database answers 503 `database_unavailable`, without leaking internals. */
  async function expectUnavailable(conversationId: string): Promise<void> {
    const responses = [
      await request(t.url).post('/api/chat').send(QUESTION),
      await getConversationAsOwner(t.url, conversationId),
      await request(t.url).get('/api/search').query({ persona: FOUNDER, q: 'youth' }),
      await request(t.url).post('/api/realtime/chat-tokens'),
      await request(t.url).get('/health/ready'),
    ];
    for (const res of responses) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'database_unavailable' });
      expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|terminated|at .*\.ts|127\.0\.0\.1/);
    }
    const health = await request(t.url).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: { ok: false } });
    // Server-sent events have sent their 200 already: the failure is a coded `error` event.
    const stream = await askStream(t.url, QUESTION);
    expect(stream.status).toBe(200);
    expect(streamError(stream.events).code).toBe('database_unavailable');
  }

  it(`answers 503 database_unavailable while the database is unreachable, and recovers by itself (${OUTAGES} outages)`, async () => {
    const before = await ask(t.url, QUESTION);
    for (let outage = 0; outage < OUTAGES; outage++) {
      await proxy.cut();
      await expectUnavailable(before.conversationId);
      await proxy.restore();
      await waitFor(ready, { what: 'readiness after the database returned', timeout: 30_000 });
      // Same process, same pool: answering, storing and reading back work again.
      const answer = await ask(t.url, { ...QUESTION, conversationId: before.conversationId });
      const res = await getConversationAsOwner(t.url, before.conversationId).expect(200);
      const stored = (res.body as ConversationBody).messages;
      expect(stored.filter((m) => m.role === 'user')).toHaveLength(outage + 2);
      expect(stored[stored.length - 1]).toMatchObject({ id: answer.messageId, status: 'complete' });
      expect((await request(t.url).get('/health')).body).toMatchObject({ database: { ok: true } });
    }
  });

  it('answers 503 database_unavailable when the connection drops in the middle of a request, then recovers', async () => {
    for (let i = 0; i < OUTAGES; i++) {
      proxy.hold();
      const pending = request(t.url)
        .post('/api/chat')
        .send(QUESTION)
        .then((r) => r);
      // The request's first statement is on the wire, unanswered, when the connection dies.
      await waitFor(() => proxy.heldBytes > 0, {
        what: 'the request to reach the database',
        timeout: 30_000,
      });
      await proxy.cut();
      const res = await pending;
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'database_unavailable' });
      await proxy.restore();
      await waitFor(ready, { what: 'readiness after the database returned', timeout: 30_000 });
      const answer = await ask(t.url, QUESTION);
      expect(answer.citations.length).toBeGreaterThan(0);
    }
  });

  it('rolls a transaction back when its connection drops, without crashing, and its one-connection pool reconnects', async () => {
    const db = Database.connect(
      `postgresql://postgres:postgres@127.0.0.1:${proxy.port}/postgres?sslmode=disable`,
      1,
    );
    try {
      for (let i = 0; i < OUTAGES; i++) {
        const failed = await db
          .transaction(async (client) => {
            await client.query('SELECT 1');
            await proxy.cut();
            await client.query('SELECT 2');
          })
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(isDatabaseUnavailable(failed)).toBe(true);
        await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
        await proxy.restore();
        // The broken connection was discarded: the pool's single slot connects afresh.
        expect(await db.query<{ n: number }>('SELECT 3 AS n')).toEqual([{ n: 3 }]);
        expect(await db.transaction((client) => client.query('SELECT 4 AS n'))).toMatchObject({
          rows: [{ n: 4 }],
        });
      }
    } finally {
      await db.close();
    }
  });

  it('gives socket.io /chat a coded database_unavailable error, and answers again once the database is back', async () => {
    const token = ChatTokenResponseSchema.parse(
      (await request(t.url).post('/api/realtime/chat-tokens').expect(201)).body,
    ).token;
    const socket = await connect(t.url, '/chat', token);
    const inbox = new Inbox(socket);
    try {
      await proxy.cut();
      const failed = await emitAck(socket, 'ask', QUESTION, 30_000);
      expect(failed).toMatchObject({ ok: false, error: { code: 'database_unavailable' } });
      await proxy.restore();
      await waitFor(ready, { what: 'readiness after the database returned', timeout: 30_000 });
      const ok = await emitAck(socket, 'ask', QUESTION, 30_000);
      expect(ok).toMatchObject({ ok: true, messageId: expect.any(String) });
      await inbox.waitFor<{ messageId: string }>('answer:done', (a) => a.messageId === ok.messageId, 30_000);
    } finally {
      socket.close();
    }
  });
});
