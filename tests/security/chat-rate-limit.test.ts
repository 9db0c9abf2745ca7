import request from 'supertest';
import { AnswerDrain } from '../../apps/api/src/lifecycle/answer-drain';
import { chatToken, connect, emitAck } from '../realtime/support/clients';
import { CHAT_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';
import { subsetCorpus } from '../support/test-env';
import { RELAXED_LIMITS } from '../support/rate-limits';
import { startApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Issue 14, finding 2: one address gets one budget of questions whichever way it asks (POST /api/chat,
// /api/chat/stream, the /chat socket), and a bounded number of answers in progress at once.

const PERSONA = FOUNDER;
const CORPUS_FILES = [FIXTURE_DOCS.youth];
const QUESTION = 'What must young communists study?';
const ATTEMPTS = 80;
const HOUR_MS = 60 * 60 * 1000;
/** The defaults of the real app: the test environment relaxes these for other suites. */
const DEFAULT_LIMITS = {
  CHAT_RATE_BURST: undefined,
  CHAT_RATE_PER_MINUTE: undefined,
  CHAT_MAX_CONCURRENT: undefined,
};
const MAX_CONCURRENT = 3;

describe('the per-address chat budget', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({
      env: { CORPUS_DIR: subsetCorpus(CORPUS_FILES), ...DEFAULT_LIMITS },
      classroom: { rateLimits: RELAXED_LIMITS, retentionIntervalMs: 0 },
    });
  }, 120_000);
  afterAll(() => t.close());
  // Every test starts with a full bucket.
  beforeEach(() => t.clock.advance(HOUR_MS));

  it(`stops a client that sends ${ATTEMPTS} questions over HTTP with 429 rate_limited and Retry-After`, async () => {
    const statuses: number[] = [];
    let refused: request.Response | undefined;
    for (let i = 0; i < ATTEMPTS; i++) {
      const path = i % 2 === 0 ? '/api/chat' : '/api/chat/stream';
      const res = await request(t.url).post(path).send({ persona: PERSONA, message: QUESTION });
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(ATTEMPTS / 2);
    expect(refused?.body).toEqual({ statusCode: 429, code: 'rate_limited', message: expect.any(String) });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('shares one budget between HTTP and the /chat socket', async () => {
    let answered = 0;
    while (
      (await request(t.url).post('/api/chat').send({ persona: PERSONA, message: QUESTION })).status === 200
    )
      answered++;
    expect(answered).toBeGreaterThan(0);
    // A fresh socket has its own per-token allowance: only the address's shared budget can refuse it.
    const socket = await connect(t.url, '/chat', await chatToken(t.url));
    try {
      const ack = await emitAck(socket, 'ask', { persona: PERSONA, message: QUESTION });
      expect(ack).toMatchObject({
        ok: false,
        error: { code: 'rate_limited', retryAfterMs: expect.any(Number) },
      });
    } finally {
      socket.close();
    }
  }, 120_000);

  it('lets the client ask again once its budget has refilled', async () => {
    await request(t.url).post('/api/chat').send({ persona: PERSONA, message: QUESTION }).expect(200);
  });
});

describe('answers in progress for one address', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  const streams: AbortController[] = [];

  /** Opens a streamed question whose answer the model never finishes; resolves with the response status. */
  async function openStream(): Promise<number> {
    const controller = new AbortController();
    streams.push(controller);
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ persona: PERSONA, message: QUESTION }),
      signal: controller.signal,
    });
    if (res.status !== 200) controller.abort();
    return res.status;
  }

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.script((r) => (r.path === CHAT_PATH ? fakeReply.hang() : undefined));
    t = await startApp({
      env: {
        CORPUS_DIR: subsetCorpus(CORPUS_FILES),
        ...DEFAULT_LIMITS,
        OPENAI_API_KEY: 'test',
        OPENAI_BASE_URL: fake.url,
        OPENAI_MODEL: 'fake-model',
      },
      classroom: { rateLimits: RELAXED_LIMITS, retentionIntervalMs: 0 },
    });
  }, 120_000);
  afterAll(async () => {
    for (const s of streams) s.abort();
    // Answers still waiting on the model end (and record that they ended) before the database closes.
    await t.app.get(AnswerDrain).drain(0);
    await t.close();
    await fake.close();
  });

  it(`are capped at ${MAX_CONCURRENT}, HTTP and socket together, and free again when one ends`, async () => {
    for (let i = 0; i < MAX_CONCURRENT; i++) expect(await openStream()).toBe(200);

    const refused = await request(t.url).post('/api/chat').send({ persona: PERSONA, message: QUESTION });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const socket = await connect(t.url, '/chat', await chatToken(t.url));
    try {
      const ack = await emitAck(socket, 'ask', { persona: PERSONA, message: QUESTION });
      expect(ack).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    } finally {
      socket.close();
    }

    // The client gives up on one answer: its slot comes back (once the server has seen the stream close).
    streams[0].abort();
    const status = await waitFor(
      async () => {
        const s = await openStream();
        return s === 429 ? null : s;
      },
      { what: 'the freed slot to admit a new stream', timeout: 50_000, interval: 50 },
    );
    expect(status).toBe(200);
  }, 60_000);
});
