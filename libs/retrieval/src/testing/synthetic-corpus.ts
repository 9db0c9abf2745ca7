import { seededRandom } from '@parley/core';
import type { Database } from '@parley/database';
import type { HybridSearchParams } from '../hybrid-search.repository';

/**
 * A generated corpus for planner and scale checks (tests and `npm run bench -- scale`): pseudo-words with a Zipf
 * distribution in 120-word chunks, 50 chunks per document, three fictional personas, clustered 100-d vectors (the
 * chunk's topic is its cluster and lends it some topic words, so both legs see the same topics), BM25 statistics,
 * the HNSW index and planner statistics, as ingest leaves them. Nothing in it is anyone's words.
 */
export const SYNTHETIC_EMBEDDER = 'synthetic-100d';
export const SYNTHETIC_DIMS = 100;
export const SYNTHETIC_PERSONAS = ['alpha', 'beta', 'gamma'] as const;

const WORDS_PER_CHUNK = 120;
const WINDOW_WORDS = 40;
const CHUNKS_PER_DOCUMENT = 50;
const VOCABULARY = 20_000;
const TOPICS = 50;
const TOPIC_WORDS = 200;
const TOPIC_SHARE = 0.2;
const BATCH = 1_000;
const SYLLABLES = 'ba ke di fo gu ha ji ko lu ma ne pi ro su ta ve wi xo yu za'.split(' ');

/** The n-th pseudo-word: four syllables then `n`, so the English stemmer leaves it whole. */
export function syntheticWord(n: number): string {
  let w = '';
  for (let i = 0, x = n; i < 4; i++, x = Math.floor(x / SYLLABLES.length))
    w += SYLLABLES[x % SYLLABLES.length];
  return `${w}n`;
}

/** The centre of a topic's cluster: smooth, distinct per topic, like text embeddings rather than noise. */
function topicCentre(topic: number): number[] {
  return Array.from({ length: SYNTHETIC_DIMS }, (_, d) => Math.sin(topic * 7.1 + d));
}

export interface SyntheticCorpus {
  chunks: number;
  /** A query near one topic, asking for a few of its words and some common ones: the shape of a real question. */
  params(i: number, over?: Partial<HybridSearchParams>): HybridSearchParams;
}

/** Writes `chunks` synthetic chunks into an empty, migrated database and returns a query maker for it. */
export async function loadSyntheticCorpus(db: Database, chunks: number, seed = 42): Promise<SyntheticCorpus> {
  const random = seededRandom(seed);
  const zipf = zipfSampler(VOCABULARY, random);
  const documents = Math.ceil(chunks / CHUNKS_PER_DOCUMENT);
  await db.query(
    `INSERT INTO documents (id, source, persona, author, title, date, date_from, date_to, sha256, content_hash, text)
     SELECT 'synthetic-' || d, 'synthetic/' || d || '.txt', ($2::text[])[d % 3 + 1], 'Synthetic', 'Document ' || d,
            (1900 + d % 30)::text, make_date(1900 + d % 30, 1, 1), make_date(1900 + d % 30, 12, 31), 'x', 'x', ''
       FROM generate_series(0, $1::int - 1) d`,
    [documents, SYNTHETIC_PERSONAS],
  );
  for (let start = 0; start < chunks; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, chunks - start) }, (_, j) => {
      const i = start + j;
      const topic = i % TOPICS;
      const words = Array.from({ length: WORDS_PER_CHUNK }, () =>
        syntheticWord(
          random() < TOPIC_SHARE ? 1000 + topic * TOPIC_WORDS + Math.floor(random() * TOPIC_WORDS) : zipf(),
        ),
      );
      const vector = topicCentre(topic).map((x) => x + (random() - 0.5) * 0.8);
      return { i, words, vector };
    });
    await db.query(
      `WITH c AS (
         INSERT INTO chunks (document_id, ordinal, start_offset, end_offset, text, persona, date_to, title, tokens)
         SELECT d.id, u.i % ${CHUNKS_PER_DOCUMENT}, 0, length(u.t), u.t, d.persona, d.date_to, d.title, ${WORDS_PER_CHUNK}
           FROM unnest($1::int[], $2::text[]) AS u(i, t)
           JOIN documents d ON d.id = 'synthetic-' || (u.i / ${CHUNKS_PER_DOCUMENT})
         RETURNING id, text, split_part(document_id, '-', 2)::int * ${CHUNKS_PER_DOCUMENT} + ordinal AS i
       ), e AS (
         INSERT INTO chunk_embeddings (chunk_id, embedder, dims, embedding)
         SELECT c.id, $4, ${SYNTHETIC_DIMS}, v.v::vector
           FROM c JOIN unnest($1::int[], $3::text[]) AS v(i, v) ON v.i = c.i
       )
       INSERT INTO chunk_windows (chunk_id, ordinal, tokens, tsv)
       SELECT c.id, w - 1, ${WINDOW_WORDS},
              to_tsvector('english', array_to_string((string_to_array(c.text, ' '))[(w - 1) * ${WINDOW_WORDS} + 1 : w * ${WINDOW_WORDS}], ' '))
         FROM c CROSS JOIN generate_series(1, ${WORDS_PER_CHUNK / WINDOW_WORDS}) w`,
      [
        rows.map((r) => r.i),
        rows.map((r) => r.words.join(' ')),
        rows.map((r) => `[${r.vector.join(',')}]`),
        SYNTHETIC_EMBEDDER,
      ],
    );
  }
  await db.query(
    `INSERT INTO lexeme_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')`,
  );
  await db.query(
    `INSERT INTO corpus_stats (chunks, avg_tokens, avg_window_tokens)
     SELECT count(*), avg(tokens), (SELECT avg(tokens) FROM chunk_windows) FROM chunks`,
  );
  // As ingest does (EmbeddingRepository.ensureIndex); a larger build memory keeps the graph build in memory.
  await db.transaction(async (client) => {
    await client.query(`SELECT set_config('maintenance_work_mem', '512MB', true)`);
    await client.query(
      `CREATE INDEX IF NOT EXISTS chunk_embeddings_hnsw_${SYNTHETIC_DIMS} ON chunk_embeddings
         USING hnsw ((embedding::vector(${SYNTHETIC_DIMS})) vector_cosine_ops) WITH (m = 16, ef_construction = 64)
         WHERE dims = ${SYNTHETIC_DIMS}`,
    );
  });
  await db.query('ANALYZE documents, chunks, chunk_windows, chunk_embeddings, lexeme_stats, corpus_stats');
  return syntheticCorpus(chunks, seed);
}

/** The query maker of a synthetic corpus already loaded (by `loadSyntheticCorpus` with the same size and seed). */
export function syntheticCorpus(chunks: number, seed = 42): SyntheticCorpus {
  return { chunks, params: (i, over = {}) => syntheticQuery(i, seed, over) };
}

function syntheticQuery(i: number, seed: number, over: Partial<HybridSearchParams>): HybridSearchParams {
  const random = seededRandom(seed * 7919 + i);
  const topic = i % TOPICS;
  // Two topic words, one mid-frequency word and one common word: rare and common lexemes together.
  const words = [
    syntheticWord(1000 + topic * TOPIC_WORDS + Math.floor(random() * TOPIC_WORDS)),
    syntheticWord(1000 + topic * TOPIC_WORDS + Math.floor(random() * TOPIC_WORDS)),
    syntheticWord(50 + Math.floor(random() * 400)),
    syntheticWord(Math.floor(random() * 20)),
  ];
  return {
    embedder: SYNTHETIC_EMBEDDER,
    dims: SYNTHETIC_DIMS,
    queryVector: topicCentre(topic).map((x) => x + (random() - 0.5) * 0.4),
    textQuery: words.join(' or '),
    terms: words.map((term) => ({ term, weight: 1, asked: true, embeddable: true })),
    persona: SYNTHETIC_PERSONAS[i % SYNTHETIC_PERSONAS.length],
    asOf: null,
    k: 10,
    candidates: 50,
    vectorWeight: 1,
    textWeight: 1,
    passageWeight: 2,
    documentWeight: 0.3,
    efSearch: 100,
    ...over,
  };
}

/** Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1). */
function zipfSampler(n: number, random: () => number): () => number {
  const cdf: number[] = [];
  let total = 0;
  for (let r = 0; r < n; r++) cdf.push((total += 1 / (r + 1)));
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
