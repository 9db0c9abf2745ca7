import type { INestApplicationContext } from '@nestjs/common';
import { HybridSearchRepository } from '@parley/retrieval';
import { searchTestDatabase, seedDocument, writeSearchStats } from './support/search-database';

// Three chunks written for this test, with hand-set 2-d vectors; the document title carries a word no passage has.
const TITLE = 'Letters on Beekeeping';
const CHUNKS = [
  { text: 'The hives were moved to the orchard before the frost.', vector: [1, 0] },
  { text: 'Honey from the orchard hives sold well at the market.', vector: [0.6, 0.8] },
  { text: 'Nothing here but weather.', vector: [0, 1] },
];

describe('the evidence the re-ranker reads of its candidates (one statement by primary key)', () => {
  let app: INestApplicationContext;
  let repository: HybridSearchRepository;
  let ids: string[];

  beforeAll(async () => {
    const started = await searchTestDatabase();
    app = started.app;
    const db = started.db;
    repository = new HybridSearchRepository(db);
    ids = await seedDocument(db, { id: 'bees', title: TITLE, year: '1911', chunks: CHUNKS });
    await writeSearchStats(db);
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives the question stems with their chunk counts and a higher idf for the rarer', async () => {
    const lexemes = await repository.questionLexemes(['orchard', 'hives', 'honey', 'zeppelin']);
    const by = new Map(lexemes.map((l) => [l.lexeme, l]));
    expect(by.get('orchard')?.df).toBe(2);
    expect(by.get('honey')?.df).toBe(1);
    expect(by.get('zeppelin')?.df).toBe(0);
    expect(by.get('honey')?.idf).toBeGreaterThan(by.get('orchard')?.idf as number);
  });

  it('tells which stems each candidate text and title hold, its length and its cosine (vectors are single precision)', async () => {
    const rows = await repository.candidateEvidence({
      ids: [ids[0], ids[1], ids[2]],
      lexemes: ['orchard', 'hive', 'honey', 'beekeep'],
      embedder: 'test-2d',
      dims: 2,
      queryVector: [1, 0],
    });
    const by = new Map(rows.map((r) => [r.chunk_id, r]));
    expect([...(by.get(ids[0])?.text_lexemes ?? [])].sort()).toEqual(['hive', 'orchard']);
    expect([...(by.get(ids[1])?.text_lexemes ?? [])].sort()).toEqual(['hive', 'honey', 'orchard']);
    expect(by.get(ids[2])?.text_lexemes).toEqual([]);
    for (const r of rows) expect(r.title_lexemes).toEqual(['beekeep']);
    expect(by.get(ids[0])?.cosine).toBeCloseTo(1, 6);
    expect(by.get(ids[1])?.cosine).toBeCloseTo(0.6, 6);
    expect(by.get(ids[2])?.cosine).toBeCloseTo(0, 6);
    expect(by.get(ids[2])?.tokens).toBe(4);
  });

  it('leaves the cosine out when there is no query vector, and returns nothing for no ids', async () => {
    const rows = await repository.candidateEvidence({
      ids: [ids[0]],
      lexemes: ['orchard'],
      embedder: 'test-2d',
      dims: 2,
      queryVector: null,
    });
    expect(rows[0].cosine).toBeNull();
    expect(
      await repository.candidateEvidence({
        ids: [],
        lexemes: [],
        embedder: 'test-2d',
        dims: 2,
        queryVector: null,
      }),
    ).toEqual([]);
  });
});
