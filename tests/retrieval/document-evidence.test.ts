import type { INestApplicationContext } from '@nestjs/common';
import { HybridSearchRepository, type HybridSearchParams } from '@parley/retrieval';
import { FIXTURE_PERSONAS, SECRETARY } from '../support/fixture-corpus';
import { searchTestDatabase, writeSearchStats } from './support/search-database';

// Two documents written for this test: in each, one short passage mentions grain once, with the same length, so
// their own BM25 is equal; the harvest report says much more about grain elsewhere, the chess letter nothing.
const DOCUMENTS = [
  {
    id: 'chess',
    title: 'A Letter on Chess',
    chunks: ['Grain dust lay on the board.', 'The knight moved twice.'],
  },
  {
    id: 'harvest',
    title: 'A Report',
    chunks: [
      'Grain went to the far towns.',
      'The grain harvest failed, and the grain that was left was hoarded.',
      'Grain requisitions, grain prices and grain stores were debated.',
    ],
  },
];

describe('document–passage interpolation of the text score', () => {
  let app: INestApplicationContext;
  let repository: HybridSearchRepository;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const started = await searchTestDatabase();
    app = started.app;
    const db = started.db;
    repository = new HybridSearchRepository(db);
    for (const d of DOCUMENTS) {
      const text = d.chunks.join('\n\n');
      await db.query(
        `INSERT INTO documents (id, source, persona, author, title, date, date_from, date_to, sha256, content_hash, text)
         VALUES ($1, $2, $3, $4, $5, '1921', '1921-01-01', '1921-12-31', 'x', 'x', $6)`,
        [d.id, `${SECRETARY}/${d.id}.txt`, SECRETARY, FIXTURE_PERSONAS.secretary.name, d.title, text],
      );
      let start = 0;
      for (const [ordinal, chunk] of d.chunks.entries()) {
        const [row] = await db.query<{ id: string }>(
          `INSERT INTO chunks (document_id, ordinal, start_offset, end_offset, text, persona, date_to, title, tokens)
           VALUES ($1, $2, $3, $4, $5, $6, '1921-12-31', $7, $8) RETURNING id::text AS id`,
          [d.id, ordinal, start, start + chunk.length, chunk, SECRETARY, d.title, chunk.split(' ').length],
        );
        start += chunk.length + 2;
        ids.set(`${d.id}/${ordinal}`, row.id);
      }
    }
    await writeSearchStats(db);
  });
  afterAll(async () => {
    await app.close();
  });

  const search = (documentWeight: number) =>
    repository.search({
      embedder: 'none',
      dims: 2,
      queryVector: [1, 0],
      textQuery: 'grain',
      terms: [{ term: 'grain', weight: 1, asked: true, embeddable: true }],
      persona: SECRETARY,
      asOf: null,
      k: 10,
      candidates: 50,
      vectorWeight: 0,
      textWeight: 1,
      passageWeight: 0,
      documentWeight,
      efSearch: 40,
    } satisfies HybridSearchParams);

  const position = (rows: { chunk_id: string }[], key: string) =>
    rows.findIndex((r) => r.chunk_id === ids.get(key));

  it('ranks two passages that say as much by their own words alone when λ is 0 (ties by id)', async () => {
    const rows = await search(0);
    expect(rows.find((r) => r.chunk_id === ids.get('chess/0'))?.text_score).toBeCloseTo(
      rows.find((r) => r.chunk_id === ids.get('harvest/0'))?.text_score as number,
      12,
    );
    expect(position(rows, 'chess/0')).toBeLessThan(position(rows, 'harvest/0'));
  });

  it('puts the passage whose document is about the question first when λ > 0', async () => {
    const rows = await search(0.3);
    expect(position(rows, 'harvest/0')).toBeLessThan(position(rows, 'chess/0'));
    for (const r of rows) expect(r.text_score).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('never returns a passage that holds no question word, whatever λ', async () => {
    const rows = await search(1);
    expect(rows.map((r) => r.chunk_id)).not.toContain(ids.get('chess/1'));
  });
});
