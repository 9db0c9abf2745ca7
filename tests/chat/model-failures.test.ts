import { CHAT_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { startTestAppWithModel, type TestApp } from '../support/test-app';
import {
  ask,
  askStream,
  doneAnswer,
  expectSoundAnswer,
  expectStoredAsAnswered,
  modelWrites,
  provisionalCitations,
  quotableSentence,
  type AskBody,
} from '../support/chat-helpers';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';

const TIMEOUT_MS = 1000;
const QUESTION: AskBody = { persona: FOUNDER, message: 'What should young communists study?' };
const PARTIAL = 'Comrades, the youth must learn communism from the whole sum of human knowledge [1]. And';

/** When the model fails, the student still gets a verified answer: the extractive one, with a notice. */
describe('answers when the model fails', () => {
  let t: TestApp;
  let fake: FakeOpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    t = await startTestAppWithModel(fake.url, [FIXTURE_DOCS.youth, FIXTURE_DOCS.sources], {
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
    });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** Asks over SSE and checks the answer is the verified extractive fallback, announced by a notice. */
  async function expectExtractiveFallback(body: AskBody = QUESTION) {
    const started = Date.now();
    const { events } = await askStream(t.url, body);
    const elapsedMs = Date.now() - started;
    const answer = doneAnswer(events);
    const retrieved = provisionalCitations(events);
    expect(answer.generator).toBe('extractive');
    expect(answer.notice).toEqual(expect.stringMatching(/\S/));
    expect(answer.refusal).toBeNull();
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.map((c) => c.source)).toContain(FIXTURE_DOCS.youth);
    await expectSoundAnswer(t.url, answer, retrieved);
    await expectStoredAsAnswered(t.url, answer);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('meta');
    expect(names[names.length - 1]).toBe('done');
    expect(names).not.toContain('error');
    return { events, answer, elapsedMs };
  }

  it('falls back to the extractive answer after the model answers 500 on every retry', async () => {
    fake.script(fakeReply.error(500), fakeReply.error(500), fakeReply.error(500), fakeReply.error(500));
    await expectExtractiveFallback();
    // One attempt and two retries, then no more.
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(3);
  });

  it('uses the model after a rate limit that clears on retry, without a notice', async () => {
    let attempts = 0;
    fake.script(
      modelWrites((ps) =>
        ++attempts === 1
          ? fakeReply.error(429, { headers: { 'retry-after-ms': '10' } })
          : `“${quotableSentence(ps[0].text)}” [1]`,
      ),
    );
    const { events } = await askStream(t.url, QUESTION);
    const answer = doneAnswer(events);
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(2);
    expect(answer.generator).toBe('openai:fake-model');
    expect(answer.notice ?? null).toBeNull();
    await expectSoundAnswer(t.url, answer, provisionalCitations(events));
  });

  it('falls back without retrying when the model rejects the API key', async () => {
    fake.script(fakeReply.error(401), fakeReply.error(401), fakeReply.error(401));
    await expectExtractiveFallback();
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('falls back when the model never answers, once the timeout has passed', async () => {
    fake.script(fakeReply.hang(), fakeReply.hang(), fakeReply.hang());
    const { elapsedMs } = await expectExtractiveFallback();
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(4 * TIMEOUT_MS);
    expect(fake.requestsTo(CHAT_PATH).every((r) => r.clientClosedEarly)).toBe(true);
  });

  it('falls back when the model stalls in the middle of its answer, replacing the streamed part in done', async () => {
    fake.script({ ...fakeReply.text(`${PARTIAL} more never comes.`), hangAfterTokens: 5 });
    const { events, answer } = await expectExtractiveFallback();
    const streamed = events
      .filter((e) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    // The client saw the model's first words; the done event carries the verified fallback instead.
    expect(streamed.startsWith('Comrades, the youth must learn')).toBe(true);
    expect(answer.answer).not.toContain('Comrades, the youth must learn');
    expect(fake.requestsTo(CHAT_PATH)[0].clientClosedEarly).toBe(true);
  });

  it('falls back when the connection to the model is cut in the middle of its answer', async () => {
    fake.script(fakeReply.cut(`${PARTIAL} the rest is lost.`, 4));
    const { answer } = await expectExtractiveFallback();
    expect(answer.answer).not.toContain('the youth must learn communism from the whole sum');
    // Words were already streamed, so the answer is not asked for again.
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(1);
  });

  it('retries a connection cut before the first word, and falls back when every attempt is cut', async () => {
    fake.script(fakeReply.cut(PARTIAL, 0), fakeReply.cut(PARTIAL, 0), fakeReply.cut(PARTIAL, 0));
    await expectExtractiveFallback();
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(3);
  });

  it('answers through POST /api/chat with the same fallback and notice', async () => {
    fake.script(fakeReply.error(503), fakeReply.error(503), fakeReply.error(503));
    const answer = await ask(t.url, QUESTION);
    expect(answer.generator).toBe('extractive');
    expect(answer.notice).toMatch(/model/i);
    expect(answer.citations.length).toBeGreaterThan(0);
    await expectSoundAnswer(t.url, answer);
    await expectStoredAsAnswered(t.url, answer);
  });
});
