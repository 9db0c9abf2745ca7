import type { INestApplicationContext } from '@nestjs/common';
import { HybridSearchRepository } from '@parley/retrieval';
import { FIXTURE_PERSONAS, SECRETARY } from '../support/fixture-corpus';
import { searchTestDatabase, writeSearchStats } from './support/search-database';

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
    const text = CHUNKS.map((c) => c.text).join('\n\n');
    await db.query(
      `INSERT INTO documents (id, source, persona, author, title, date, date_from, date_to, sha256, content_hash, text)
       VALUES ('bees', $1, $2, $3, $4, '1911', '1911-01-01', '1911-12-31', 'x', 'x', $5)`,
      [`${SECRETARY}/bees.txt`, SECRETARY, FIXTURE_PERSONAS.secretary.name, TITLE, text],
    );
    ids = [];
    let start = 0;
    for (const [ordinal, c] of CHUNKS.entries()) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO chunks (document_id, ordinal, start_offset, end_offset, text, persona, date_to, title, tokens)
         VALUES ('bees', $1, $2, $3, $4, $5, '1911-12-31', $6, $7) RETURNING id::text AS id`,
        [ordinal, start, start + c.text.length, c.text, SECRETARY, TITLE, c.text.split(' ').length],
      );
      start += c.text.length + 2;
      ids.push(row.id);
      await db.query(
        `INSERT INTO chunk_embeddings (chunk_id, embedder, dims, embedding) VALUES ($1, 'test-2d', 2, $2::vector)`,
        [row.id, `[${c.vector.join(',')}]`],
      );
    }
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
