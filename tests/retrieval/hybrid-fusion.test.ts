import type { INestApplicationContext } from '@nestjs/common';
import { HybridSearchRepository, type HybridSearchParams } from '@parley/retrieval';
import { SECRETARY } from '../support/fixture-corpus';
import { searchTestDatabase, seedDocument, writeSearchStats } from './support/search-database';

// Five chunks of one document, written for this test with hand-set 2-d vectors: four siblings close to the query
// vector that mention the paper, and one far from it that names the paper and the thing asked about.
const CHUNKS = [
  { text: 'The paper, our paper, printed a long article on the strike.', vector: [1, 0.05] },
  { text: 'The paper printed the resolution of the congress.', vector: [1, 0.1] },
  { text: 'The paper printed letters from the villages and the towns.', vector: [1, 0.15] },
  { text: 'The paper printed reports from the factories and the mines and the docks.', vector: [1, 0.2] },
  {
    text: 'Napertskali, a Menshevik paper, called for informers; Napertskali did so openly.',
    vector: [0, 1],
  },
];

describe('hybrid fusion (a weighted sum of normalised leg scores), with no per-document cap', () => {
  let app: INestApplicationContext;
  let repository: HybridSearchRepository;
  let ids: string[];

  beforeAll(async () => {
    const started = await searchTestDatabase();
    app = started.app;
    const db = started.db;
    repository = new HybridSearchRepository(db);
    ids = await seedDocument(db, { id: 'press', title: 'The Press', year: '1908', chunks: CHUNKS });
    await writeSearchStats(db);
  });
  afterAll(async () => {
    await app.close();
  });

  const search = (over: Partial<HybridSearchParams> = {}) =>
    repository.search({
      embedder: 'test-2d',
      dims: 2,
      queryVector: [1, 0],
      textQuery: 'napertskali or paper',
      terms: [
        { term: 'napertskali', weight: 1, asked: true, embeddable: true },
        { term: 'paper', weight: 1, asked: true, embeddable: true },
      ],
      persona: SECRETARY,
      asOf: null,
      k: 10,
      candidates: 50,
      vectorWeight: 1,
      textWeight: 1,
      passageWeight: 0,
      documentWeight: 0,
      efSearch: 40,
      ...over,
    });

  it('returns every chunk of one document, in fused order: at equal weights, siblings close to the query vector come first', async () => {
    const all = await search();
    expect(all.map((r) => r.chunk_id)).toEqual([ids[0], ids[1], ids[2], ids[3], ids[4]]);
    expect(all[4].text_score).toBeGreaterThan(all[0].text_score as number);
  });

  it('puts the chunk that names the rare word asked about first when the vector leg weighs half the text leg', async () => {
    const half = await search({ vectorWeight: 0.5 });
    expect(half.map((r) => r.chunk_id)).toEqual([ids[4], ids[0], ids[1], ids[2], ids[3]]);
  });

  it('ranks by the text leg alone when the vector leg weighs nothing', async () => {
    const textOnly = await search({ vectorWeight: 0 });
    expect(textOnly[0].chunk_id).toBe(ids[4]);
    for (const r of textOnly) expect(r.fused).toBeCloseTo(r.text_score as number, 12);
  });

  it('ranks by the vector leg alone when the text leg has nothing to say', async () => {
    const kept = await search({ textQuery: '', terms: [], textWeight: 0 });
    expect(kept.map((r) => r.chunk_id)).toEqual(ids);
  });

  it('returns the best k only', async () => {
    expect((await search({ k: 2 })).map((r) => r.chunk_id)).toEqual([ids[0], ids[1]]);
  });

  it('scores a text candidate outside the vector top N with its own cosine when asked to (vectorAllCandidates)', async () => {
    // The vector leg keeps the two nearest siblings; the chunk naming the rare word is found by the text leg only.
    const outside = (rows: Awaited<ReturnType<typeof search>>) => rows.find((r) => r.chunk_id === ids[4]);
    const before = outside(await search({ candidates: 2 }));
    expect(before?.vector_score).toBeNull();
    const after = outside(await search({ candidates: 2, vectorAllCandidates: 1 }));
    // Its cosine with the query vector [1, 0] is 0, now counted (and normalised over both legs' candidates).
    expect(after?.vector_score).toBeCloseTo(0, 12);
  });

  it('leaves the vector leg alone when it has no weight, whatever vectorAllCandidates says', async () => {
    const textOnly = await search({ vectorWeight: 0, vectorAllCandidates: 1 });
    for (const r of textOnly) expect(r.vector_score).toBeNull();
  });

  describe('the vector weight scaled by how fully a passage holds the question (vectorConfidence)', () => {
    const vectorPart = (rows: Awaited<ReturnType<typeof search>>) =>
      new Map(rows.map((r) => [r.chunk_id, r.fused - (r.text_score ?? 0)]));

    it('drops the vector leg when a passage holds every word asked, and then ranks by the text leg', async () => {
      // The last chunk holds both "napertskali" and "paper": the question's whole idf mass.
      const rows = await search({ vectorConfidence: 1 });
      expect(rows[0].chunk_id).toBe(ids[4]);
      for (const r of rows) expect(r.fused).toBeCloseTo(r.text_score as number, 12);
    });

    it('scales the vector leg linearly in the confidence', async () => {
      const full = vectorPart(await search());
      const half = vectorPart(await search({ vectorConfidence: 0.5 }));
      for (const [id, v] of full) expect(half.get(id)).toBeCloseTo(v / 2, 12);
    });

    it('keeps part of the vector leg when no passage holds every word asked', async () => {
      // "strike" is in the first chunk only, "napertskali" in the last only: neither holds the whole question.
      const spread = {
        textQuery: 'napertskali or strike',
        terms: [
          { term: 'napertskali', weight: 1, asked: true, embeddable: true },
          { term: 'strike', weight: 1, asked: true, embeddable: true },
        ],
      };
      const full = vectorPart(await search(spread));
      const scaled = vectorPart(await search({ ...spread, vectorConfidence: 1 }));
      const ratios = [...full].filter(([, v]) => v > 0).map(([id, v]) => (scaled.get(id) as number) / v);
      expect(ratios.length).toBeGreaterThan(0);
      for (const r of ratios) {
        expect(r).toBeGreaterThan(0);
        expect(r).toBeLessThan(1);
        expect(r).toBeCloseTo(ratios[0], 12);
      }
    });

    it('counts only the words asked, not their expansions, in the share held', async () => {
      // "strike" is an expansion here: the last chunk holds all that was asked, "napertskali".
      const rows = await search({
        textQuery: 'napertskali or strike',
        terms: [
          { term: 'napertskali', weight: 1, asked: true, embeddable: true },
          { term: 'strike', weight: 0.5, asked: false, embeddable: true },
        ],
        vectorConfidence: 1,
      });
      for (const r of rows) expect(r.fused).toBeCloseTo(r.text_score ?? 0, 12);
    });
  });

  it('counts title words in the text leg by default, and only the passage words with metadataTerms 0', async () => {
    const press = {
      textQuery: 'press',
      terms: [{ term: 'press', weight: 1, asked: true, embeddable: true }],
    };
    // "Press" is in every chunk's title and in none of their texts.
    const withTitle = await search({ ...press, vectorWeight: 0 });
    expect(withTitle).toHaveLength(CHUNKS.length);
    expect(await search({ ...press, vectorWeight: 0, metadataTerms: 0 })).toEqual([]);
  });
});
