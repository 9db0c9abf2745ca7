import type { INestApplicationContext } from '@nestjs/common';
import { HybridSearchRepository, type HybridSearchParams } from '@parley/retrieval';
import { SECRETARY } from '../support/fixture-corpus';
import { searchTestDatabase, seedDocument, writeSearchStats } from './support/search-database';

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
      const chunkIds = await seedDocument(db, {
        id: d.id,
        title: d.title,
        year: '1921',
        chunks: d.chunks.map((text) => ({ text })),
      });
      chunkIds.forEach((id, ordinal) => ids.set(`${d.id}/${ordinal}`, id));
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
