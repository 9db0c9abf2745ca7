import { Injectable } from '@nestjs/common';
import { Database, bindNamed } from '@parley/database';

/**
 * `hybrid`, `vector` and `text` are the legs of the production search; `bm25` is the plain baseline every figure
 * is compared with: stemmed BM25 over whole chunks, the question's own words only, no fusion, no per-document cap.
 */
export const SEARCH_MODES = ['hybrid', 'vector', 'text', 'bm25'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

export interface HybridSearchParams {
  embedder: string;
  dims: number;
  queryVector: number[];
  /** websearch_to_tsquery input; empty means no full-text leg. */
  textQuery: string;
  /**
   * BM25 terms with their weights: the question's words (1) and their expansions (< 1). `asked` marks the
   * question's own words; `embeddable` says whether the embedder can represent the word at all.
   */
  terms: SearchTerm[];
  persona: string | null;
  asOf: string | null;
  k: number;
  /** Candidates taken from each leg before fusion. */
  candidates: number;
  vectorWeight: number;
  textWeight: number;
  /** Weight of a chunk's best sentence-window BM25 score, added to its whole-chunk BM25 score. */
  passageWeight: number;
  efSearch: number;
}

export interface SearchTerm {
  term: string;
  weight: number;
  asked: boolean;
  embeddable: boolean;
}

export interface HybridSearchRow {
  chunk_id: string;
  document_id: string;
  source: string;
  persona: string;
  title: string;
  author: string;
  date: string;
  url: string | null;
  heading: string | null;
  speaker: string | null;
  start_offset: number;
  end_offset: number;
  text: string;
  vector_score: number | null;
  text_score: number | null;
  fused: number;
}

// RRF constant from Cormack et al. (2009); DESIGN.md fixes k = 60.
const RRF_K = 60;

/**
 * The hybrid query: HNSW cosine top-N ∪ full-text top-N (BM25 of the chunk plus that of its best sentence
 * window), fused by weighted reciprocal rank (the vector leg weighted by the share of the question it can
 * represent), filtered by persona and date, ranked by fused score, ties broken by id. No per-document cap:
 * retrieval returns the most relevant passages; how many of one document an answer quotes is the answer's concern.
 * Parameters are named (`$name`, bound by `bindNamed`). The vector dimension is a type modifier and cannot be a
 * bind parameter; it is a checked integer.
 */
function hybridSql(dims: number): string {
  return `
WITH vector_hits AS (
  SELECT v.chunk_id, v.distance, row_number() OVER (ORDER BY v.distance, v.chunk_id) AS rank
    FROM (
      SELECT e.chunk_id, e.embedding::vector(${dims}) <=> $query_vector::vector(${dims}) AS distance
        FROM chunk_embeddings e
        JOIN chunks c ON c.id = e.chunk_id
       WHERE e.dims = ${dims} AND e.embedder = $embedder AND $vector_weight::float8 > 0
         AND ($persona::text IS NULL OR c.persona = $persona)
         AND ($as_of::date IS NULL OR c.date_to <= $as_of::date)
       ORDER BY e.embedding::vector(${dims}) <=> $query_vector::vector(${dims}), e.chunk_id
       LIMIT $candidates
    ) v
),
query_lexemes AS (
  -- BM25 idf per query lexeme (Robertson–Spärck Jones with +1 to stay positive).
  SELECT q.lexeme, q.weight, q.asked, q.embeddable,
         ln(1 + (cs.chunks - coalesce(ls.df, 0) + 0.5) / (coalesce(ls.df, 0) + 0.5)) AS idf
    FROM (
      SELECT lexeme, max(t.weight) AS weight, bool_or(t.asked) AS asked, bool_or(t.asked AND t.embeddable) AS embeddable
        FROM unnest($terms::text[], $term_weights::float8[], $terms_asked::bool[], $terms_embeddable::bool[])
               AS t(term, weight, asked, embeddable),
             unnest(tsvector_to_array(to_tsvector('english', t.term))) AS lexeme
       GROUP BY lexeme
    ) q
    CROSS JOIN corpus_stats cs
    LEFT JOIN lexeme_stats ls ON ls.lexeme = q.lexeme
),
query_terms AS (
  -- The term's BM25 weight: its idf times its weight (1 for the question's words, less for expansions).
  SELECT lexeme, weight * idf AS idf FROM query_lexemes
),
vector_coverage AS (
  -- Share of the question's information (idf mass of its words) that the embedder can represent: a query
  -- vector built without its rarest words ("Napertskali", a year) mostly says what the question is not
  -- about, so its leg's votes count for that share only. 1 when there is no text leg to compare with.
  SELECT coalesce(sum(idf) FILTER (WHERE embeddable) / nullif(sum(idf) FILTER (WHERE asked), 0), 1) AS share
    FROM query_lexemes
),
chunk_bm25 AS (
  -- Candidates come from the GIN index (any query word); BM25 (k1 = 1.2, b = 0.75) keeps the best N.
  SELECT c.id AS chunk_id,
         sum(qt.idf * (tf.n * 2.2) / (tf.n + 1.2 * (0.25 + 0.75 * c.tokens / cs.avg_tokens))) AS score
    FROM chunks c
    CROSS JOIN corpus_stats cs
    CROSS JOIN LATERAL (SELECT u.lexeme, array_length(u.positions, 1) AS n FROM unnest(c.tsv) AS u) tf
    JOIN query_terms qt ON qt.lexeme = tf.lexeme
   WHERE $text_query <> '' AND $text_weight::float8 > 0 AND c.tsv @@ websearch_to_tsquery('english', $text_query)
     AND ($persona::text IS NULL OR c.persona = $persona)
     AND ($as_of::date IS NULL OR c.date_to <= $as_of::date)
   GROUP BY c.id, c.tokens, cs.avg_tokens
   ORDER BY score DESC, c.id
   LIMIT $candidates
),
text_hits AS (
  SELECT t.chunk_id, t.score, row_number() OVER (ORDER BY t.score DESC, t.chunk_id) AS rank
    FROM (
      SELECT cb.chunk_id, cb.score + $passage_weight::float8 * coalesce(best.score, 0) AS score
        FROM chunk_bm25 cb
        -- Passage-level evidence, for the best chunks only: the same BM25 over each of the chunk's sentence
        -- windows; the chunk keeps its best window's score.
        LEFT JOIN LATERAL (
          SELECT max(ws.score) AS score
            FROM (
              SELECT sum(qt.idf * (u.n * 2.2) / (u.n + 1.2 * (0.25 + 0.75 * cw.tokens / cs.avg_window_tokens))) AS score
                FROM chunk_windows cw
                CROSS JOIN corpus_stats cs
                CROSS JOIN LATERAL (SELECT w.lexeme, array_length(w.positions, 1) AS n FROM unnest(cw.tsv) AS w) u
                JOIN query_terms qt ON qt.lexeme = u.lexeme
               WHERE cw.chunk_id = cb.chunk_id AND $passage_weight::float8 > 0
               GROUP BY cw.ordinal
            ) ws
        ) best ON true
    ) t
   ORDER BY t.score DESC, t.chunk_id
   LIMIT $candidates
),
fused AS (
  SELECT chunk_id, max(vector_score) AS vector_score, max(text_score) AS text_score, sum(contribution) AS fused
    FROM (
      SELECT chunk_id, 1 - distance AS vector_score, NULL::float8 AS text_score,
             $vector_weight::float8 * (SELECT share FROM vector_coverage) / (${RRF_K} + rank) AS contribution
        FROM vector_hits
      UNION ALL
      SELECT chunk_id, NULL, score, $text_weight::float8 / (${RRF_K} + rank) FROM text_hits
    ) legs
   GROUP BY chunk_id
)
SELECT c.id::text AS chunk_id, d.id AS document_id, d.source, d.persona, d.title, d.author, d.date, d.url,
       c.heading, c.speaker, c.start_offset, c.end_offset, c.text,
       f.vector_score, f.text_score, f.fused
  FROM fused f
  JOIN chunks c ON c.id = f.chunk_id
  JOIN documents d ON d.id = c.document_id
 ORDER BY f.fused DESC, c.id
 LIMIT $k`;
}

/**
 * The baseline: Okapi BM25 (k1 = 1.2, b = 0.75, the idf of the hybrid query) of each chunk's text for the
 * question's own stemmed words, filtered by persona and date; nothing else.
 */
const BM25_SQL = `
WITH query_terms AS (
  SELECT q.lexeme, ln(1 + (cs.chunks - coalesce(ls.df, 0) + 0.5) / (coalesce(ls.df, 0) + 0.5)) AS idf
    FROM (
      SELECT DISTINCT lexeme
        FROM unnest($words::text[]) AS t(term),
             unnest(tsvector_to_array(to_tsvector('english', t.term))) AS lexeme
    ) q
    CROSS JOIN corpus_stats cs
    LEFT JOIN lexeme_stats ls ON ls.lexeme = q.lexeme
),
scored AS (
  SELECT c.id AS chunk_id,
         sum(qt.idf * (tf.n * 2.2) / (tf.n + 1.2 * (0.25 + 0.75 * c.tokens / cs.avg_tokens))) AS score
    FROM chunks c
    CROSS JOIN corpus_stats cs
    -- The passage's own words only (weight A): the title, heading and year fields are the hybrid query's signals.
    CROSS JOIN LATERAL (
      SELECT u.lexeme, array_length(u.positions, 1) AS n FROM unnest(ts_filter(c.tsv, '{a}')) AS u
    ) tf
    JOIN query_terms qt ON qt.lexeme = tf.lexeme
   WHERE $text_query <> '' AND c.tsv @@ websearch_to_tsquery('english', $text_query)
     AND ($persona::text IS NULL OR c.persona = $persona)
     AND ($as_of::date IS NULL OR c.date_to <= $as_of::date)
   GROUP BY c.id, c.tokens, cs.avg_tokens
)
SELECT c.id::text AS chunk_id, d.id AS document_id, d.source, d.persona, d.title, d.author, d.date, d.url,
       c.heading, c.speaker, c.start_offset, c.end_offset, c.text,
       NULL::float8 AS vector_score, s.score AS text_score, s.score AS fused
  FROM scored s
  JOIN chunks c ON c.id = s.chunk_id
  JOIN documents d ON d.id = c.document_id
 ORDER BY s.score DESC, c.id
 LIMIT $k`;

export interface Bm25SearchParams {
  /** The question's content words; Postgres stems them and drops its stop words. */
  words: string[];
  persona: string | null;
  asOf: string | null;
  k: number;
}

/** The only code that runs the retrieval SQL. */
@Injectable()
export class HybridSearchRepository {
  constructor(private readonly db: Database) {}

  async search(p: HybridSearchParams): Promise<HybridSearchRow[]> {
    if (!Number.isInteger(p.dims) || p.dims < 1 || p.dims > 16000)
      throw new Error(`bad vector dimension ${p.dims}`);
    return this.db.transaction(async (client) => {
      // Per-query HNSW tuning; iterative scans keep filling the top-N when the persona/date filter drops candidates.
      await client.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(p.efSearch)]);
      await client.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
      const { rows } = await client.query<HybridSearchRow>(
        ...bindNamed(hybridSql(p.dims), {
          query_vector: `[${p.queryVector.join(',')}]`,
          embedder: p.embedder,
          persona: p.persona,
          as_of: p.asOf,
          text_query: p.textQuery,
          candidates: p.candidates,
          k: p.k,
          vector_weight: p.vectorWeight,
          text_weight: p.textWeight,
          terms: p.terms.map((t) => t.term),
          term_weights: p.terms.map((t) => t.weight),
          terms_asked: p.terms.map((t) => t.asked),
          terms_embeddable: p.terms.map((t) => t.embeddable),
          passage_weight: p.passageWeight,
        }),
      );
      return rows;
    });
  }

  /** The plain BM25 baseline (see `BM25_SQL`). */
  async searchBm25(p: Bm25SearchParams): Promise<HybridSearchRow[]> {
    return this.db.query<HybridSearchRow>(
      ...bindNamed(BM25_SQL, {
        words: p.words,
        text_query: p.words.join(' or '),
        persona: p.persona,
        as_of: p.asOf,
        k: p.k,
      }),
    );
  }
}
