import { HybridSearchRepository, RetrievalService } from '@parley/retrieval';
import { startTestApp, type TestApp } from '../support/test-app';
import { FOUNDER, notesCorpus } from '../support/fixture-corpus';

// A corpus written for this test (our own words): short notes, one of them on a keeper of hives who is never called
// an apiarist: none uses that word.
function corpus(): string {
  return notesCorpus('parley-wordnet-', {
    hives: 'Old Tomas kept bees for the valley; beekeeper Tomas lined the chapel garden with hives.',
    ferry: 'The ferry crossed the river twice a day, and in winter the ice stopped it for weeks.',
    mill: 'The mill ground the grain of three villages; when the river ran low the wheel stood still.',
  });
}

describe('WordNet query expansion (tuning wordnetWeight)', () => {
  let t: TestApp;
  let retrieval: RetrievalService;
  let repository: HybridSearchRepository;

  beforeAll(async () => {
    t = await startTestApp({ CORPUS_DIR: corpus() });
    retrieval = t.app.get(RetrievalService);
    repository = t.app.get(HybridSearchRepository);
  });
  afterAll(async () => {
    await t.close();
  });

  it("reads each word's stem and the share of chunks holding it; a stop word has none", async () => {
    const found = await repository.termLexemes(['rivers', 'apiarist', 'the']);
    expect(found.get('rivers')).toEqual({ lexeme: 'river', df: 2, share: 2 / 3 });
    expect(found.get('apiarist')).toEqual({ lexeme: 'apiarist', df: 0, share: 0 });
    expect(found.has('the')).toBe(false);
  });

  it("finds a passage through a WordNet synonym of the question's word only when switched on", async () => {
    const ask = { persona: FOUNDER, query: 'The apiarist?', k: 3, mode: 'text' as const };
    const off = await retrieval.search({ ...ask, tuning: { expansions: 0 } });
    expect(off.map((p) => p.text)).toEqual([]);
    const on = await retrieval.search({ ...ask, tuning: { expansions: 0, wordnetWeight: 1 } });
    expect(on[0]?.text).toContain('beekeeper');
  });
});
