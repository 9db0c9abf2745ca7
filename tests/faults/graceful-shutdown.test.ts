import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AnswerSchema, ChatTokenResponseSchema, type Answer } from '@parley/contracts';
import { fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { subsetCorpus, tempDataDir } from '../support/test-env';
import {
  getConversationAsOwner,
  modelWrites,
  quotableSentence,
  rememberSecret,
  type AskBody,
  type ConversationBody,
} from '../support/chat-helpers';
import { connect, emitAck, Inbox, type ClientSocket } from '../realtime/support/clients';
import { freePort } from '../realtime/support/child-process';
import { API_MAIN, NodeProcess } from './support/node-process';
import { openStream, type LiveStream } from './support/sse-reader';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';
import { waitFor } from '../support/wait-for';

// `node apps/api/src/main.ts` in its own process, on an embedded database in a temporary directory, with a
// slow fake model so that answers are in flight when SIGTERM arrives.

const FAST: AskBody = { persona: FOUNDER, message: 'What should young communists study?' };
const STALLING: AskBody = { persona: FOUNDER, message: 'How must the youth learn communism?' };
// The promise: in-flight answers end, and the process is gone, within 10 s of SIGTERM.
const EXIT_WITHIN_MS = 10_000;

describe('SIGTERM', () => {
  let fake: FakeOpenAI;
  let dir: string;
  let corpus: string;
  let api: NodeProcess | undefined;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // One answer streams slowly but finishes within the grace period; the other stalls after six words (enough to
    // pass the stream's prompt-echo hold-back, so a first delta reaches the client).
    fake.script(
      modelWrites((ps, req) => {
        const question = String(req.body.messages?.[req.body.messages.length - 1]?.content ?? '');
        const text = `“${quotableSentence(ps[0].text)}” [1]`;
        return question.includes(STALLING.message)
          ? fakeReply.text(text, { tokenDelayMs: 100, hangAfterTokens: 6 })
          : fakeReply.text(text, { tokenDelayMs: 50 });
      }),
    );
    dir = tempDataDir('parley-shutdown-');
    corpus = subsetCorpus([FIXTURE_DOCS.youth]);
  });
  afterAll(async () => {
    await api?.kill();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(corpus, { recursive: true, force: true });
  });

  /** Starts the api on the temporary data directory and resolves with its URL. */
  async function startApi(): Promise<string> {
    const port = await freePort();
    api = new NodeProcess(API_MAIN, [], {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dir,
      PGLITE_DATA_DIR: join(dir, 'pglite'),
      CORPUS_DIR: corpus,
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: 'fake-model',
      OPENAI_TIMEOUT_MS: '60000',
      REDIS_URL: undefined,
      DATABASE_URL: undefined,
      CORS_ORIGINS: undefined,
      SHUTDOWN_GRACE_MS: undefined,
    });
    const [, url] = await api.waitFor(/Parley is listening on (http:\/\/\S+) /);
    return url;
  }

  async function chatSocket(url: string): Promise<{ socket: ClientSocket; inbox: Inbox }> {
    const res = await request(url).post('/api/realtime/chat-tokens').expect(201);
    const socket = await connect(url, '/chat', ChatTokenResponseSchema.parse(res.body).token);
    return { socket, inbox: new Inbox(socket) };
  }

  async function conversation(url: string, id: string): Promise<ConversationBody> {
    return (await getConversationAsOwner(url, id).expect(200)).body as ConversationBody;
  }

  /**
   * With one answer in flight over `finishing` and one over the other transport that stalls: SIGTERM, then
   * readiness fails, new questions are refused, the finishing answer completes, the stalled one ends with
   * `shutting_down`, and the process exits cleanly within 10 s. Returns the two conversation ids.
   */
  async function terminateWithAnswersInFlight(
    url: string,
    finishing: 'SSE' | 'socket.io',
  ): Promise<{ done: Answer; failedConversation: string }> {
    const { socket, inbox } = await chatSocket(url);
    try {
      const stream: LiveStream = await openStream(url, finishing === 'SSE' ? FAST : STALLING);
      const ack = await emitAck(socket, 'ask', finishing === 'SSE' ? STALLING : FAST, 30_000);
      expect(ack.ok).toBe(true);
      await stream.waitFor('delta');
      await inbox.waitFor('answer:delta');

      const signalled = Date.now();
      api!.process.kill('SIGTERM');
      const exited = api!.exited.then((r) => ({ ...r, afterMs: Date.now() - signalled }));

      const ready = await waitFor(
        async () => {
          const res = await request(url).get('/health/ready');
          return res.status === 200 ? null : res;
        },
        { what: 'readiness to fail once SIGTERM arrived', timeout: 30_000, interval: 0 },
      );
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ statusCode: 503, code: 'shutting_down' });
      const refused = await request(url).post('/api/chat').send(FAST);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'shutting_down' });

      await stream.ended;
      const socketEnd = await inbox.waitFor<{ messageId: string }>(
        finishing === 'SSE' ? 'answer:error' : 'answer:done',
        (e) => e.messageId === ack.messageId,
        EXIT_WITHIN_MS,
      );
      const streamNames = stream.events.map((e) => e.event);
      const { code, signal, afterMs } = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(afterMs).toBeLessThan(EXIT_WITHIN_MS);
      // The embedded database was closed properly: its lock file is gone.
      expect(existsSync(join(dir, 'pglite', '.parley-server.json'))).toBe(false);

      const meta = stream.events[0].data as { conversationId: string };
      rememberSecret(meta);
      rememberSecret(ack);
      if (finishing === 'SSE') {
        expect(streamNames[streamNames.length - 1]).toBe('done');
        expect(socketEnd).toMatchObject({ code: 'shutting_down' });
        const done = AnswerSchema.parse(stream.events[streamNames.length - 1].data);
        expect(done.generator).toBe('openai:fake-model');
        return { done, failedConversation: ack.conversationId as string };
      }
      expect(streamNames[streamNames.length - 1]).toBe('error');
      expect(stream.events[streamNames.length - 1].data).toMatchObject({ code: 'shutting_down' });
      const done = AnswerSchema.parse(socketEnd);
      expect(done.generator).toBe('openai:fake-model');
      return { done, failedConversation: meta.conversationId };
    } finally {
      socket.close();
    }
  }

  /** After a restart on the same directory: the finished answer is stored complete, the cut one as failed. */
  async function expectStored(url: string, run: { done: Answer; failedConversation: string }) {
    const finished = await conversation(url, run.done.conversationId);
    expect(finished.messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ['user', 'complete', FAST.message],
      ['assistant', 'complete', run.done.answer],
    ]);
    const failed = await conversation(url, run.failedConversation);
    expect(failed.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'failed'],
    ]);
    expect(failed.messages[0].content).toBe(STALLING.message);
  }

  it('fails readiness at once, lets answers finish or end with shutting_down, exits, and reopens the database with the data', async () => {
    let url = await startApi();
    expect(api!.output).toMatch(/ingesting/);
    const first = await terminateWithAnswersInFlight(url, 'SSE');

    url = await startApi();
    // Nothing to ingest again: the corpus and the first run's conversations are all there.
    expect(api!.output).not.toMatch(/ingesting/);
    await expectStored(url, first);
    const second = await terminateWithAnswersInFlight(url, 'socket.io');

    url = await startApi();
    await expectStored(url, first);
    await expectStored(url, second);
    const health = await request(url).get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', shuttingDown: false });
    expect(health.body.corpus.chunks).toBeGreaterThan(0);
    await request(url).get('/health/ready').expect(200, { status: 'ready' });

    // Idle: SIGTERM exits promptly and cleanly.
    const signalled = Date.now();
    api!.process.kill('SIGTERM');
    expect(await api!.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(EXIT_WITHIN_MS);
  }, 240_000);
});
