import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import { FIXTURE_DOCS, FOUNDER, SECRETARY } from '../support/fixture-corpus';

describe('the HTTP API over a small corpus', () => {
  let t: TestApp;

  beforeAll(async () => {
    const corpus = subsetCorpus([
      FIXTURE_DOCS.youth,
      FIXTURE_DOCS.state,
      FIXTURE_DOCS.morals,
      FIXTURE_DOCS.farms,
    ]);
    t = await startTestApp({ CORPUS_DIR: corpus });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports health with the corpus and embedder', async () => {
    const res = await request(t.url).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.corpus.documents).toBe(4);
    expect(res.body.embedder.id).toMatch(/^glove/);
    expect(res.body.realtime).toEqual({ redis: 'disabled' });
    // No model configured: the web app tells people answers are chosen passages.
    expect(res.body.answers).toEqual({ generator: 'extractive' });
  });

  it('lists personas with their document counts and their starter questions', async () => {
    const res = await request(t.url).get('/api/personas').expect(200);
    const founder = res.body.find((p: { id: string }) => p.id === FOUNDER);
    expect(founder).toMatchObject({ name: expect.any(String), documents: 2 });
    expect(founder.starters.length).toBeGreaterThanOrEqual(3);
    expect(founder.starters.length).toBeLessThanOrEqual(5);
  });

  it('shows one persona with its sources and 404s an unknown one', async () => {
    const res = await request(t.url).get(`/api/personas/${SECRETARY}`).expect(200);
    expect(res.body.sources.map((s: { source: string }) => s.source)).toEqual([FIXTURE_DOCS.farms]);
    const missing = await request(t.url).get('/api/personas/napoleon').expect(404);
    expect(missing.body).toEqual({ statusCode: 404, code: 'unknown_persona', message: expect.any(String) });
  });

  it('returns ranked passages whose offsets slice the document text exactly', async () => {
    const res = await request(t.url)
      .get('/api/search')
      .query({ persona: FOUNDER, q: 'What should young people learn from the old culture?', k: 5 })
      .expect(200);
    // The k best passages, wherever they are: retrieval has no per-document cap (the answer limits how many of one
    // document it quotes).
    expect(res.body.passages).toHaveLength(5);
    expect(res.body.passages.map((p: { rank: number }) => p.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(res.body.passages[0].source).toBe(FIXTURE_DOCS.youth);
    for (const id of new Set(res.body.passages.map((p: { documentId: string }) => p.documentId))) {
      const doc = await request(t.url)
        .get(`/api/documents/${String(id)}`)
        .expect(200);
      for (const p of res.body.passages.filter((x: { documentId: string }) => x.documentId === id)) {
        expect(doc.body.text.slice(p.start, p.end)).toBe(p.text);
      }
    }
  });

  it("searches only the persona's own documents", async () => {
    const res = await request(t.url)
      .get('/api/search')
      .query({ persona: SECRETARY, q: 'morality and ends and means' })
      .expect(200);
    for (const p of res.body.passages) expect(p.persona).toBe(SECRETARY);
  });

  it('filters out documents dated after asOf', async () => {
    const res = await request(t.url)
      .get('/api/search')
      .query({ persona: FOUNDER, q: 'the state withers away', asOf: '1917-01-01' })
      .expect(200);
    expect(res.body.passages).toEqual([]);
  });

  it('is deterministic for the same query', async () => {
    const q = { persona: FOUNDER, q: 'communist morality', k: 8 };
    const a = await request(t.url).get('/api/search').query(q).expect(200);
    const b = await request(t.url).get('/api/search').query(q).expect(200);
    expect(b.body.passages.map((p: { chunkId: string }) => p.chunkId)).toEqual(
      a.body.passages.map((p: { chunkId: string }) => p.chunkId),
    );
  });

  it('answers bad parameters with 400 and a code', async () => {
    const cases = [
      { persona: FOUNDER },
      { persona: FOUNDER, q: '' },
      { persona: FOUNDER, q: 'x', k: 500 },
      { persona: FOUNDER, q: 'x', asOf: '1917-02-30' },
      { persona: FOUNDER, q: 'x'.repeat(2001) },
      { persona: '../etc', q: 'x' },
    ];
    for (const query of cases) {
      const res = await request(t.url).get('/api/search').query(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const late = await request(t.url)
      .get('/api/search')
      .query({ persona: FOUNDER, q: 'x', asOf: '1930-01-01' });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('as_of_out_of_range');
  });

  it('serves documents by id or path and 404s unknown ones', async () => {
    const byPath = await request(t.url)
      .get(`/api/documents/${encodeURIComponent(FIXTURE_DOCS.youth)}`)
      .expect(200);
    expect(byPath.body.title).toMatch(/Youth/);
    const res = await request(t.url).get('/api/documents/nope').expect(404);
    expect(res.body.code).toBe('unknown_document');
  });

  it('publishes the OpenAPI description', async () => {
    const res = await request(t.url).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/search',
        '/api/chat',
        '/api/chat/stream',
        '/api/classrooms',
        '/api/classrooms/{id}/transcript',
      ]),
    );
  });
});
