import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@parley/config';
import { Database, DatabaseModule } from '@parley/database';
import { HybridSearchRepository, type HybridSearchParams } from '@parley/retrieval';
import { useTestEnvironment } from '../support/test-env';

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

describe('hybrid fusion and the per-document cap', () => {
  let app: INestApplicationContext;
  let repository: HybridSearchRepository;
  let ids: string[];

  beforeAll(async () => {
    useTestEnvironment();
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule] }).compile();
    app = await moduleRef.init();
    const db = app.get(Database);
    repository = new HybridSearchRepository(db);
    const text = CHUNKS.map((c) => c.text).join('\n\n');
    await db.query(
      `INSERT INTO documents (id, source, persona, author, title, date, date_from, date_to, sha256, content_hash, text)
       VALUES ('doc', 'stalin/press.txt', 'stalin', 'J. V. Stalin', 'The Press', '1908', '1908-01-01', '1908-12-31', 'x', 'x', $1)`,
      [text],
    );
    ids = [];
    let start = 0;
    for (const [ordinal, c] of CHUNKS.entries()) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO chunks (document_id, ordinal, start_offset, end_offset, text, persona, date_to, title, tokens)
         VALUES ('doc', $1, $2, $3, $4, 'stalin', '1908-12-31', 'The Press', $5) RETURNING id::text AS id`,
        [ordinal, start, start + c.text.length, c.text, c.text.split(' ').length],
      );
      start += c.text.length + 2;
      ids.push(row.id);
      await db.query(
        `INSERT INTO chunk_embeddings (chunk_id, embedder, dims, embedding) VALUES ($1, 'test-2d', 2, $2::vector)`,
        [row.id, `[${c.vector.join(',')}]`],
      );
    }
    await db.query(
      `INSERT INTO lexeme_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')`,
    );
    await db.query(
      `INSERT INTO corpus_stats (chunks, avg_tokens, avg_window_tokens) SELECT count(*), avg(tokens), 1 FROM chunks`,
    );
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
      persona: 'stalin',
      asOf: null,
      k: 10,
      candidates: 50,
      maxPerDocument: 2,
      vectorWeight: 1,
      textWeight: 1,
      passageWeight: 0,
      efSearch: 40,
      ...over,
    });

  it('ranks the siblings above the chunk that names the subject when fused scores alone decide', async () => {
    const all = await search({ maxPerDocument: 10 });
    expect(all.map((r) => r.chunk_id)).toEqual([ids[0], ids[1], ids[4], ids[2], ids[3]]);
    expect(all[2].text_score).toBeGreaterThan(all[0].text_score as number);
  });

  it("keeps a document's best full-text chunk among its two, beside its best fused chunk", async () => {
    const kept = await search();
    expect(kept.map((r) => r.chunk_id)).toEqual([ids[0], ids[4]]);
  });

  it('keeps only the best fused chunk when one chunk per document is allowed', async () => {
    expect((await search({ maxPerDocument: 1 })).map((r) => r.chunk_id)).toEqual([ids[0]]);
  });

  it('falls back to the fused order when the text leg found nothing in the document', async () => {
    const kept = await search({ textQuery: '', terms: [], textWeight: 0 });
    expect(kept.map((r) => r.chunk_id)).toEqual([ids[0], ids[1]]);
  });
});
