import { startTestApp, type TestApp } from '../support/test-app';
import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';
import { subsetCorpus } from '../support/test-env';

// A burst of questions above what the instance may answer at once: the answer queue (one running, one waiting,
// a short wait) turns the rest away at once with 503 `busy` and a Retry-After, never `database_unavailable`.
const CORPUS_FILES = [FIXTURE_DOCS.youth];
const PERSONA = FOUNDER;
const QUESTION = 'What should young communists study?';
const BURST = 12;
const CAPACITY = {
  ANSWER_CONCURRENCY: '1',
  ANSWER_QUEUE_SIZE: '1',
  ANSWER_QUEUE_WAIT_MS: '50',
  DATABASE_POOL_WAIT_MS: '200',
};

describe('a burst of questions above capacity', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORPUS_DIR: subsetCorpus(CORPUS_FILES), ...CAPACITY });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: PERSONA, message: QUESTION }),
    });

  it('is answered up to capacity and refused beyond it with 503 busy and a Retry-After', async () => {
    const responses = await Promise.all(Array.from({ length: BURST }, () => post('/api/chat')));
    const outcomes = await Promise.all(
      responses.map(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        body: (await r.json()) as { code?: string; answer?: string },
      })),
    );
    const busy = outcomes.filter((o) => o.status === 503);
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.length + outcomes.filter((o) => o.status === 200).length).toBe(BURST);
    for (const o of busy) {
      expect(o.body.code).toBe('busy');
      expect(Number(o.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('refuses a streamed question beyond capacity before the stream opens', async () => {
    const responses = await Promise.all(Array.from({ length: BURST }, () => post('/api/chat/stream')));
    const statuses = responses.map((r) => r.status);
    await Promise.all(responses.map((r) => r.text()));
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });

  it('answers normally again once the burst is over', async () => {
    const response = await post('/api/chat');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { answer: string }).answer.length).toBeGreaterThan(0);
  });
});
