import type { INestApplicationContext } from '@nestjs/common';
import { HybridSearchRepository, type HybridSearchParams } from '@parley/retrieval';
import { SECRETARY } from '../support/fixture-corpus';
import { searchTestDatabase, seedDocument, writeSearchStats } from './support/search-database';

// Written for this test. Lengths are counted in words: the short chunk is 4 words with "tariff" once, the long one
// 40 words with "tariff" twice, and a 16-word chunk without it brings the average length to 20.
const SHORT = 'Grain duties were tariff.';
const LONG = [
  'The committee spent the whole of its autumn session arguing about the tariff, first over grain and',
  'then over iron, and by winter nobody in the hall could say what the tariff on cotton ought to be by next spring.',
].join(' ');
const FILLER = 'The delegates went home by the night train and wrote their reports in the early morning.';

/** BM25 of one term occurring n times in a chunk of `length` words (average 20), without its idf. */
function okapi(n: number, length: number, k1: number, b: number): number {
  return (n * (k1 + 1)) / (n + k1 * (1 - b + (b * length) / 20));
}

describe("the text leg's BM25 parameters (textK1, textB)", () => {
  let app: INestApplicationContext;
  let repository: HybridSearchRepository;
  let shortId: string;
  let longId: string;

  beforeAll(async () => {
    const started = await searchTestDatabase();
    app = started.app;
    repository = new HybridSearchRepository(started.db);
    [shortId, longId] = await seedDocument(started.db, {
      id: 'duties',
      title: 'Minutes',
      year: '1906',
      chunks: [{ text: SHORT }, { text: LONG }, { text: FILLER }],
    });
    await writeSearchStats(started.db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('counts the chunk lengths the scores below assume', () => {
    expect([SHORT, LONG, FILLER].map((t) => t.split(' ').length)).toEqual([4, 40, 16]);
  });

  // The text leg alone, whole chunks only: the chunk BM25 the parameters act on, divided by the best candidate's.
  const search = (over: Partial<HybridSearchParams> = {}) =>
    repository.search({
      embedder: 'test-2d',
      dims: 2,
      queryVector: [0, 0],
      textQuery: 'tariff',
      terms: [{ term: 'tariff', weight: 1, asked: true, embeddable: true }],
      persona: SECRETARY,
      asOf: null,
      k: 10,
      candidates: 50,
      vectorWeight: 0,
      textWeight: 1,
      passageWeight: 0,
      documentWeight: 0,
      efSearch: 40,
      ...over,
    });
  const order = (rows: Awaited<ReturnType<typeof search>>) => rows.map((r) => r.chunk_id);
  const scoreOf = (rows: Awaited<ReturnType<typeof search>>, id: string) =>
    rows.find((r) => r.chunk_id === id)?.text_score as number;

  it('lets the long chunk with more occurrences win when length is not discounted (b = 0)', async () => {
    const rows = await search({ textB: 0 });
    expect(order(rows)).toEqual([longId, shortId]);
    expect(scoreOf(rows, shortId)).toBeCloseTo(okapi(1, 4, 1.2, 0) / okapi(2, 40, 1.2, 0), 12);
  });

  it('puts the short chunk first when length is discounted in full (b = 1)', async () => {
    const rows = await search({ textB: 1 });
    expect(order(rows)).toEqual([shortId, longId]);
    expect(scoreOf(rows, longId)).toBeCloseTo(okapi(2, 40, 1.2, 1) / okapi(1, 4, 1.2, 1), 12);
  });

  it('scores with the former fixed k1 = 1.2, b = 0.75 when the tuning says nothing, in the same order', async () => {
    const unset = await search();
    const explicit = await search({ textK1: 1.2, textB: 0.75 });
    expect(explicit).toEqual(unset);
    expect(order(unset)).toEqual([shortId, longId]);
    // The formula as it was written before the parameters existed: n·2.2 / (n + 1.2·(0.25 + 0.75·length/average)).
    const former = (n: number, length: number) => (n * 2.2) / (n + 1.2 * (0.25 + (0.75 * length) / 20));
    expect(scoreOf(unset, longId)).toBeCloseTo(former(2, 40) / former(1, 4), 12);
  });

  it('leaves the bm25 baseline at k1 = 1.2, b = 0.75: it takes no tuning', async () => {
    const rows = await repository.searchBm25({ words: ['tariff'], persona: SECRETARY, asOf: null, k: 10 });
    expect(rows.map((r) => r.chunk_id)).toEqual([shortId, longId]);
    const [short, long] = rows.map((r) => r.text_score as number);
    expect(long / short).toBeCloseTo(okapi(2, 40, 1.2, 0.75) / okapi(1, 4, 1.2, 0.75), 12);
  });

  it('counts presence only at k1 = 0: a repeat adds nothing and length no longer matters', async () => {
    const rows = await search({ textK1: 0, textB: 1 });
    expect(scoreOf(rows, shortId)).toBeCloseTo(1, 12);
    expect(scoreOf(rows, longId)).toBeCloseTo(1, 12);
  });

  it('lets repeats count for more as k1 grows, at a fixed b', async () => {
    const low = await search({ textK1: 0.5, textB: 0 });
    const high = await search({ textK1: 3, textB: 0 });
    // At b = 0 the long chunk leads; its lead over the short one grows with k1 (2·(k1 + 1)/(2 + k1) over 1).
    expect(1 / scoreOf(low, shortId)).toBeCloseTo(okapi(2, 40, 0.5, 0) / okapi(1, 4, 0.5, 0), 12);
    expect(1 / scoreOf(high, shortId)).toBeCloseTo(okapi(2, 40, 3, 0) / okapi(1, 4, 3, 0), 12);
    expect(scoreOf(high, shortId)).toBeLessThan(scoreOf(low, shortId));
  });
});
