import { RetrievalService } from '@parley/retrieval';
import { startTestApp, type TestApp } from '../support/test-app';
import { FOUNDER, notesCorpus } from '../support/fixture-corpus';

// A corpus written for this test (our own words): a few short documents on unrelated everyday subjects.
function corpus(): string {
  return notesCorpus('parley-rerank-', {
    bees: 'The hives stood at the edge of the orchard. In a good summer the bees gave more honey than we could sell.',
    ferry: 'The ferry crossed the river twice a day, and in winter the ice stopped it for weeks.',
    mill: 'The mill ground the grain of three villages; when the river ran low the wheel stood still.',
  });
}

describe('the re-ranking switch (tuning rerank)', () => {
  let t: TestApp;
  let retrieval: RetrievalService;

  beforeAll(async () => {
    t = await startTestApp({ CORPUS_DIR: corpus() });
    retrieval = t.app.get(RetrievalService);
  });
  afterAll(async () => {
    await t.close();
  });

  const ask = { persona: FOUNDER, query: 'When did the river stop the ferry?', k: 3 };

  it("with rerank 1 returns the fused and BM25 candidates in the fitted model's order, each scored in (0, 1)", async () => {
    const { rows, features } = await retrieval.rerankCandidates(ask);
    const reranked = await retrieval.search({ ...ask, tuning: { rerank: 1 } });
    expect(reranked.length).toBeGreaterThan(0);
    expect(reranked.map((p) => p.rank)).toEqual(reranked.map((_, i) => i + 1));
    const ids = new Set(rows.map((r) => r.chunk_id));
    for (const p of reranked) {
      expect(ids.has(p.chunkId)).toBe(true);
      expect(p.scores.fused).toBeGreaterThan(0);
      expect(p.scores.fused).toBeLessThan(1);
    }
    const fused = reranked.map((p) => p.scores.fused as number);
    expect([...fused].sort((a, b) => b - a)).toEqual(fused);
    expect(features).toHaveLength(rows.length);
    expect(reranked[0].source).toBe(`${FOUNDER}/ferry.txt`);
  });

  it('with rerank 0 (the default) is the fused order', async () => {
    const plain = await retrieval.search(ask);
    const fusedOnly = await retrieval.search({ ...ask, tuning: { rerank: 0 } });
    expect(plain.map((p) => p.chunkId)).toEqual(fusedOnly.map((p) => p.chunkId));
    const { rows } = await retrieval.rerankCandidates(ask);
    expect(plain.map((p) => p.chunkId)).toEqual(rows.slice(0, plain.length).map((r) => r.chunk_id));
  });
});
