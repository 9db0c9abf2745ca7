import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
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
  /** The question's words for full text; empty means no full-text leg. */
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
  /** Weight of the vector leg's normalised score in the fused sum (0: no vector leg). */
  vectorWeight: number;
  /** Weight of the text leg's score in the fused sum (0: no text leg). */
  textWeight: number;
  /** Weight of a chunk's best sentence-window BM25 score, added to its whole-chunk BM25 score. */
  passageWeight: number;
  /** λ: share of a chunk's text score that is its document's (see `hybridSql`). */
  documentWeight: number;
  efSearch: number;
  /** 1: a chunk's heading, title and year lexemes count in its BM25; 0: its own words only (default 1). */
  metadataTerms?: number;
  /** 1: the vector leg also scores every text candidate outside its own top N (default 0). */
  vectorAllCandidates?: number;
  /**
   * a: the vector leg's weight is scaled by 1 − a·h, h the share of the question's own idf mass that the text of the
   * text leg's best-holding candidate holds (default 0: no scaling). See `hybridSql`.
   */
  vectorConfidence?: number;
  /** BM25 k1 (term-frequency saturation) of the text leg's chunk, window and document scores (default 1.2). */
  textK1?: number;
  /** BM25 b (length normalisation) of the text leg's chunk, window and document scores (default 0.75). */
  textB?: number;
  /** Chunks the full-text leg scores at most (see `DEFAULT_TEXT_CANDIDATES`). */
  textCandidates?: number;
  /** How the full-text leg reads term frequencies (see `TextScoring`); `filtered` by default. */
  textScoring?: TextScoring;
}

/**
 * `filtered`: each tsvector is cut down to the query's lexemes in C before it is unnested, and document lengths are
 * read from `documents.tokens`. `unnest`: the query before that, the same scores: every lexeme of
 * each candidate chunk and window unnested and joined with the query's (0.14 ms a chunk in the embedded database),
 * document lengths by a scan of all chunks. Kept as the reference the tests compare with and the baseline that
 * `npm run bench -- scale` measures beside the default.
 */
export type TextScoring = 'filtered' | 'unnest';

export interface SearchTerm {
  term: string;
  weight: number;
  asked: boolean;
  embeddable: boolean;
  /** True when `term` is already a lexeme of the chunks' tsvectors (a feedback term): it is not stemmed again. */
  stemmed?: boolean;
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

/**
 * The question's lexemes with their BM25 idf (Robertson–Spärck Jones with +1 to stay positive) times their weight,
 * their chunk counts, the average chunk, window and document lengths, and the share of the question's information
 * (idf mass of its own words) that the embedder can represent: a query vector built without its rarest words
 * ("Napertskali", a year) mostly says what the question is not about, so the vector leg's weight is scaled by that
 * share (1 when there is nothing to compare).
 * Its own statement, so that the hybrid query receives the lexemes and the corpus averages as constants, whose
 * sizes the planner knows exactly. Joined inside the query, the one-row `corpus_stats` (which autovacuum never
 * analyses: it changes once per ingest) was guessed at 1,660 rows, the query's 10 lexemes became 16,600, and the
 * estimated cost of the search crossed PostgreSQL's JIT thresholds.
 */
const QUERY_TERMS_SQL = `
SELECT q.lexeme, q.weight * q.idf AS idf, CASE WHEN q.asked THEN q.idf ELSE 0 END AS asked_idf, q.df, q.feedback,
       q.avg_tokens, q.avg_window_tokens,
       q.chunks * q.avg_tokens / greatest(1, (SELECT count(*) FROM documents)) AS avg_document_tokens,
       coalesce(sum(q.idf) FILTER (WHERE q.embeddable) OVER () / nullif(sum(q.idf) FILTER (WHERE q.asked) OVER (), 0), 1)
         AS vector_share
  FROM (
    SELECT t.lexeme, t.weight, t.asked, t.embeddable, t.feedback, coalesce(ls.df, 0) AS df, cs.chunks, cs.avg_tokens,
           cs.avg_window_tokens,
           ln(1 + (cs.chunks - coalesce(ls.df, 0) + 0.5) / (coalesce(ls.df, 0) + 0.5)) AS idf
      FROM (
        SELECT lexeme, max(t.weight) AS weight, bool_or(t.asked) AS asked, bool_or(t.asked AND t.embeddable) AS embeddable,
               bool_and(t.stemmed) AS feedback
          FROM unnest($terms::text[], $term_weights::float8[], $terms_asked::bool[], $terms_embeddable::bool[],
                      $terms_stemmed::bool[])
                 AS t(term, weight, asked, embeddable, stemmed),
               unnest(CASE WHEN t.stemmed THEN ARRAY[t.term]
                           ELSE tsvector_to_array(to_tsvector('english', t.term)) END) AS lexeme
         GROUP BY lexeme
      ) t
      CROSS JOIN corpus_stats cs
      LEFT JOIN lexeme_stats ls ON ls.lexeme = t.lexeme
  ) q
 ORDER BY q.lexeme`;

interface QueryTermRow {
  lexeme: string;
  idf: number;
  /** The lexeme's idf when the question asks it (not an expansion's), else 0. */
  asked_idf: number;
  df: number;
  /** True when only feedback terms (already stemmed) brought the lexeme in. */
  feedback: boolean;
  avg_tokens: number;
  avg_window_tokens: number;
  avg_document_tokens: number;
  vector_share: number;
}

/**
 * Each query lexeme a tsvector holds, as rows (lexeme, n: its occurrences, idf: its weighted idf), for BM25.
 * `filtered`: the tsvector is cut down to the query's lexemes before it is unnested (every weight set to D, the
 * query's lexemes to A, then only A kept: C functions over the tsvector, positions untouched), so it yields one row
 * per query lexeme it holds, whose idf is read from the array at the lexeme's index (no join per chunk).
 * `unnest`: the whole tsvector unnested (about 100 rows a chunk) and joined with the query's lexemes.
 */
function termFrequencySql(tsv: string, scoring: TextScoring): string {
  if (scoring === 'unnest')
    return `(SELECT u.lexeme, array_length(u.positions, 1) AS n FROM unnest(${tsv}) AS u) tf
    JOIN query_terms qt ON qt.lexeme = tf.lexeme`;
  return `(SELECT u.lexeme, array_length(u.positions, 1) AS n,
            ($lexeme_idfs::float8[])[array_position($lexemes::text[], u.lexeme)] AS idf
       FROM unnest(ts_filter(setweight(setweight(${tsv}, 'D'), 'A', $lexemes::text[]), '{a}')) AS u) tf`;
}

/** The idf column of `termFrequencySql`'s rows. */
function idfOf(scoring: TextScoring): string {
  return scoring === 'unnest' ? 'qt.idf' : 'tf.idf';
}

/**
 * The hybrid query: HNSW cosine top-N ∪ full-text top-N, fused by a weighted sum of normalised scores (CombSUM),
 * filtered by persona and date, ranked by fused score, ties broken by id.
 * - Text leg: a chunk's passage score (its BM25 plus `passage_weight` × its best sentence window's BM25) is
 *   interpolated with its document's BM25 (the document's candidate chunks as one bag of words), each divided by
 *   its best value: (1 − λ)·passage + λ·document, in [0, 1].
 * - Vector leg: cosine distance, min–max normalised over the N neighbours (cosines of one corpus crowd into a
 *   narrow band, so their raw values would say little), times `vector_weight` × the share of the question the
 *   embedder represents × (1 − `vector_confidence` · h), h the largest share of the question's idf mass that one text
 *   candidate's own words hold (`text_confidence`): the more a passage echoes the question, the less the vector leg
 *   can reorder the text leg's ranking.
 * A chunk found by one leg only scores 0 on the other, as at the tail of that leg's list. With `vector_weight` 0
 * the order is the text leg's: fusion can add to the text leg but a fitted weight never has to lose to it.
 * No per-document cap: retrieval returns the most relevant passages; how many of one document an answer quotes is
 * the answer's concern. Parameters are named (`$name`, bound by `bindNamed`). The vector dimension is a type
 * modifier and cannot be a bind parameter; it is a checked integer.
 */
function hybridSql(dims: number, scoring: TextScoring): string {
  return `
WITH vector_nearest AS (
  -- Ordered by distance alone, so that the HNSW index serves it (an iterative scan keeps going while the persona
  -- and date filters drop rows); ties are broken outside.
  SELECT e.chunk_id, e.embedding::vector(${dims}) <=> $query_vector::vector(${dims}) AS distance
    FROM chunk_embeddings e
    JOIN chunks c ON c.id = e.chunk_id
   WHERE e.dims = ${dims} AND e.embedder = $embedder AND $vector_weight::float8 > 0
     AND ($persona::text IS NULL OR c.persona = $persona)
     AND ($as_of::date IS NULL OR c.date_to <= $as_of::date)
   ORDER BY e.embedding::vector(${dims}) <=> $query_vector::vector(${dims})
   LIMIT $candidates
),
query_terms AS (
  -- The term's BM25 weight: its idf times its weight (1 for the question's words, less for expansions).
  SELECT lexeme, idf FROM unnest($lexemes::text[], $lexeme_idfs::float8[]) AS qt(lexeme, idf)
),
text_candidates AS (
  -- Chunks holding the query's rarer lexemes, found through the GIN index and bounded: at scale a common word
  -- matches half the corpus, and scoring all of that was the cost of the query.
  SELECT c.id, c.document_id, c.tsv, c.tokens
    FROM chunks c
   WHERE $text_weight::float8 > 0 AND c.tsv @@ $candidate_query::tsquery
     AND ($persona::text IS NULL OR c.persona = $persona)
     AND ($as_of::date IS NULL OR c.date_to <= $as_of::date)
   LIMIT $text_candidates
),
candidate_terms AS (
  -- How often each query lexeme occurs in each candidate chunk.
  SELECT tc.id AS chunk_id, tc.document_id, tc.tokens, tf.lexeme, tf.n, ${idfOf(scoring)} AS idf
    FROM text_candidates tc
    -- metadata_terms 0: the passage's own words only (weight A), as in the bm25 baseline; otherwise its heading,
    -- title and year count too.
    CROSS JOIN LATERAL ${termFrequencySql(
      "(CASE WHEN $metadata_terms::float8 > 0 THEN tc.tsv ELSE ts_filter(tc.tsv, '{a}') END)",
      scoring,
    )}
),
chunk_bm25 AS (
  -- BM25 (k1 = text_k1, b = text_b: 1.2 and 0.75 by default, as in the bm25 baseline) of the candidates keeps the
  -- best N.
  SELECT chunk_id, document_id,
         sum(idf * (n * ($text_k1::float8 + 1)) / (n + $text_k1::float8 * (1 - $text_b::float8 + $text_b::float8 * tokens / $avg_tokens::float8)))
           AS score
    FROM candidate_terms
   GROUP BY chunk_id, document_id, tokens
   ORDER BY score DESC, chunk_id
   LIMIT $candidates
),
document_lengths AS (
  -- A document's length is the sum of its chunks' (kept in documents.tokens at ingest: one key lookup a document).
  ${
    scoring === 'unnest'
      ? `SELECT c.document_id, sum(c.tokens) AS tokens
    FROM chunks c
   WHERE $document_weight::float8 > 0 AND c.document_id IN (SELECT document_id FROM chunk_bm25)
   GROUP BY c.document_id`
      : `SELECT d.id AS document_id, d.tokens
    FROM documents d
   WHERE $document_weight::float8 > 0 AND d.id = ANY (ARRAY(SELECT DISTINCT document_id FROM chunk_bm25))`
  }
),
document_bm25 AS (
  -- The same BM25 over each document of the best chunks, its candidate chunks' words as one bag and its length
  -- the sum of its chunks': what the document as a whole says about the question.
  SELECT dt.document_id,
         sum(dt.idf * (dt.n * ($text_k1::float8 + 1))
             / (dt.n + $text_k1::float8 * (1 - $text_b::float8 + $text_b::float8 * dl.tokens / $avg_document_tokens::float8))) AS score
    FROM (
      SELECT document_id, lexeme, max(idf) AS idf, sum(n) AS n
        FROM candidate_terms
       WHERE $document_weight::float8 > 0
       GROUP BY document_id, lexeme
    ) dt
    JOIN document_lengths dl ON dl.document_id = dt.document_id
   GROUP BY dt.document_id
),
passage_scores AS (
  SELECT cb.chunk_id, cb.document_id, cb.score + $passage_weight::float8 * coalesce(best.score, 0) AS score
    FROM chunk_bm25 cb
    -- Passage-level evidence, for the best chunks only: the same BM25 over each of the chunk's sentence
    -- windows; the chunk keeps its best window's score.
    LEFT JOIN LATERAL (
      SELECT max(ws.score) AS score
        FROM (
          SELECT sum(${idfOf(scoring)} * (tf.n * ($text_k1::float8 + 1))
                     / (tf.n + $text_k1::float8 * (1 - $text_b::float8 + $text_b::float8 * cw.tokens / $avg_window_tokens::float8))) AS score
            FROM chunk_windows cw
            CROSS JOIN LATERAL ${termFrequencySql('cw.tsv', scoring)}
           WHERE cw.chunk_id = cb.chunk_id AND $passage_weight::float8 > 0
           GROUP BY cw.ordinal
        ) ws
    ) best ON true
),
text_confidence AS (
  -- How fully some passage's own words (weight A) hold the question: the largest share of the asked lexemes' idf
  -- mass held by one of the text leg's best chunks. Near 1, the question echoes a passage and the text leg's order
  -- is trusted; near 0 (a paraphrase), the vector leg counts in full.
  SELECT coalesce(max(h.held), 0) AS share
    FROM (
      SELECT sum(($asked_idfs::float8[])[array_position($lexemes::text[], u.lexeme)]) / nullif($asked_idf_total::float8, 0)
               AS held
        FROM chunk_bm25 cb
        JOIN chunks c ON c.id = cb.chunk_id
        CROSS JOIN LATERAL unnest(ts_filter(setweight(setweight(ts_filter(c.tsv, '{a}'), 'D'), 'A', $lexemes::text[]), '{a}')) AS u
       WHERE $vector_confidence::float8 > 0 AND $vector_weight::float8 > 0
       GROUP BY cb.chunk_id
    ) h
),
text_hits AS (
  SELECT p.chunk_id,
         (1 - $document_weight::float8) * p.score / nullif(max(p.score) OVER (), 0)
           + $document_weight::float8 * coalesce(d.score / nullif(max(d.score) OVER (), 0), 0) AS score
    FROM passage_scores p
    LEFT JOIN document_bm25 d ON d.document_id = p.document_id
),
candidate_distances AS (
  -- With vector_all_candidates, every text candidate outside the vector leg's top N gets its cosine too (one
  -- expression over at most N rows, no scan), so that both legs score the same set of chunks.
  SELECT chunk_id, distance FROM vector_nearest
  UNION ALL
  SELECT t.chunk_id, e.embedding::vector(${dims}) <=> $query_vector::vector(${dims})
    FROM text_hits t
    JOIN chunk_embeddings e ON e.chunk_id = t.chunk_id AND e.embedder = $embedder AND e.dims = ${dims}
   WHERE $vector_weight::float8 > 0 AND $vector_all_candidates::float8 > 0
     AND t.chunk_id NOT IN (SELECT chunk_id FROM vector_nearest)
),
vector_hits AS (
  SELECT chunk_id, 1 - distance AS similarity,
         coalesce((max(distance) OVER () - distance) / nullif(max(distance) OVER () - min(distance) OVER (), 0), 1)
           AS normalised
    FROM candidate_distances
),
fused AS (
  SELECT chunk_id, max(vector_score) AS vector_score, max(text_score) AS text_score, sum(contribution) AS fused
    FROM (
      SELECT chunk_id, similarity AS vector_score, NULL::float8 AS text_score,
             $vector_weight::float8 * $vector_share::float8
               * (1 - $vector_confidence::float8 * (SELECT share FROM text_confidence)) * normalised AS contribution
        FROM vector_hits
      UNION ALL
      SELECT chunk_id, NULL, score, $text_weight::float8 * coalesce(score, 0) FROM text_hits
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

/** The question's distinct lexemes, stemmed by Postgres as the chunks' tsvectors were (stop words dropped). */
const QUESTION_LEXEMES = `SELECT DISTINCT lexeme
  FROM unnest($words::text[]) AS t(term),
       unnest(tsvector_to_array(to_tsvector('english', t.term))) AS lexeme`;

/**
 * The baseline: Okapi BM25 (k1 = 1.2, b = 0.75, the idf of the hybrid query) of each chunk's text for the
 * question's own stemmed words, filtered by persona and date; nothing else.
 */
const BM25_SQL = `
WITH query_terms AS (
  SELECT q.lexeme, ln(1 + (cs.chunks - coalesce(ls.df, 0) + 0.5) / (coalesce(ls.df, 0) + 0.5)) AS idf
    FROM (${QUESTION_LEXEMES}) q
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

/**
 * What the re-ranker needs of its candidates beyond the two lists: the question's stems with their idf and chunk
 * counts; per candidate its length, its cosine to the question, and which of the question's stems its text (weight
 * A) and its heading or title (B, C) hold. Two small statements over at most 2N chunks, by primary key.
 */
const QUESTION_LEXEMES_SQL = `
SELECT q.lexeme, coalesce(ls.df, 0)::float8 AS df,
       ln(1 + (cs.chunks - coalesce(ls.df, 0) + 0.5) / (coalesce(ls.df, 0) + 0.5)) AS idf
  FROM (${QUESTION_LEXEMES}) q
  CROSS JOIN corpus_stats cs
  LEFT JOIN lexeme_stats ls ON ls.lexeme = q.lexeme
 ORDER BY q.lexeme`;

/**
 * Each word's lexemes (alphabetical, as `tsvector_to_array` gives them; one for a single word), with the number of
 * chunks holding each (0 when none does) and that number's share of all chunks.
 */
const TERM_LEXEMES_SQL = `
SELECT t.term, l.lexeme, coalesce(ls.df, 0)::float8 AS df, coalesce(ls.df, 0)::float8 / greatest(cs.chunks, 1) AS share
  FROM unnest($terms::text[]) WITH ORDINALITY AS t(term, i)
  CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', t.term))) WITH ORDINALITY AS l(lexeme, j)
  CROSS JOIN corpus_stats cs
  LEFT JOIN lexeme_stats ls ON ls.lexeme = l.lexeme
 ORDER BY t.i, l.j`;

function candidateEvidenceSql(dims: number): string {
  return `
SELECT c.id::text AS chunk_id, c.tokens::float8 AS tokens,
       (SELECT 1 - (e.embedding::vector(${dims}) <=> $query_vector::vector(${dims}))
          FROM chunk_embeddings e
         WHERE e.chunk_id = c.id AND e.embedder = $embedder AND e.dims = ${dims} AND $with_vector::boolean
         LIMIT 1) AS cosine,
       ARRAY(SELECT u.lexeme FROM unnest(ts_filter(setweight(setweight(ts_filter(c.tsv, '{a}'), 'D'), 'A', $lexemes::text[]), '{a}')) AS u)
         AS text_lexemes,
       ARRAY(SELECT u.lexeme FROM unnest(ts_filter(setweight(setweight(ts_filter(c.tsv, '{b,c}'), 'D'), 'A', $lexemes::text[]), '{a}')) AS u)
         AS title_lexemes
  FROM chunks c
 WHERE c.id = ANY ($ids::bigint[])`;
}

/**
 * Pseudo-relevance feedback's reading of the first pass's best chunks: each lexeme of each chunk's own words (weight
 * A), its occurrences, the chunk's length, its corpus chunk count, and whether the question asks it. The persona and
 * date filters of the search are applied again, so that feedback never reads a chunk the search could not return.
 */
const FEEDBACK_LEXEMES_SQL = `
SELECT c.id::text AS chunk_id, u.lexeme, array_length(u.positions, 1)::float8 AS n, c.tokens::float8 AS tokens,
       coalesce(ls.df, 0)::float8 AS df, u.lexeme IN (${QUESTION_LEXEMES}) AS asked, cs.chunks::float8 AS corpus_chunks
  FROM chunks c
  CROSS JOIN LATERAL unnest(ts_filter(c.tsv, '{a}')) AS u
  CROSS JOIN corpus_stats cs
  LEFT JOIN lexeme_stats ls ON ls.lexeme = u.lexeme
 WHERE c.id = ANY ($ids::bigint[])
   AND ($persona::text IS NULL OR c.persona = $persona)
   AND ($as_of::date IS NULL OR c.date_to <= $as_of::date)
 ORDER BY c.id, u.lexeme`;

export interface FeedbackLexemeRow {
  chunk_id: string;
  lexeme: string;
  n: number;
  tokens: number;
  df: number;
  asked: boolean;
  corpus_chunks: number;
}

export interface CandidateEvidenceRow {
  chunk_id: string;
  tokens: number;
  cosine: number | null;
  text_lexemes: string[];
  title_lexemes: string[];
}

export interface QuestionLexemeRow {
  lexeme: string;
  df: number;
  idf: number;
}

export interface Bm25SearchParams {
  /** The question's content words; Postgres stems them and drops its stop words. */
  words: string[];
  persona: string | null;
  asOf: string | null;
  k: number;
}

/**
 * Chunks the full-text leg scores at most, by default: the chunks holding the query's rarest lexemes, adding
 * lexemes while their chunk counts add up to no more than this (at least the rarest one). At 100,000 chunks the bound
 * keeps the leg to milliseconds; on the real corpus (2,145 chunks) it binds only for questions with common words, and
 * the development sets' recall is the same at 2,000 as at 4,000 (docs/performance.md, "Quiet runs after the merge").
 */
export const DEFAULT_TEXT_CANDIDATES = 2000;

/**
 * The lexemes whose chunks the full-text leg scores: rarest first, while their chunk counts fit the budget. Feedback
 * lexemes come after all the others, so that words a first pass added never push the question's own (or their
 * expansions') chunks out of the candidates.
 */
export function candidateLexemes(
  terms: { lexeme: string; df: number; feedback?: boolean }[],
  budget: number,
): string[] {
  const later = (t: { feedback?: boolean }) => (t.feedback ? 1 : 0);
  const byRarity = [...terms].sort(
    (a, b) => later(a) - later(b) || a.df - b.df || (a.lexeme < b.lexeme ? -1 : 1),
  );
  const chosen: string[] = [];
  let chunks = 0;
  for (const t of byRarity) {
    if (chosen.length > 0 && chunks + t.df > budget) break;
    chosen.push(t.lexeme);
    chunks += t.df;
  }
  return chosen;
}

/** A tsquery matching any of the lexemes, which are taken as they are (already stemmed), quoted for tsquery input. */
export function anyLexemeQuery(lexemes: string[]): string | null {
  if (lexemes.length === 0) return null;
  return lexemes.map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ');
}

export type QueryPlan = Record<string, unknown>;

/** The only code that runs the retrieval SQL. */
@Injectable()
export class HybridSearchRepository {
  constructor(private readonly db: Database) {}

  async search(p: HybridSearchParams): Promise<HybridSearchRow[]> {
    return this.inSearchTransaction(p, async (client, [sql, params]) => {
      const { rows } = await client.query<HybridSearchRow>(sql, params);
      return rows;
    });
  }

  /** The plan of `search(p)` as PostgreSQL estimates it (`analyze`: and as it ran), with the settings it ran under. */
  async explain(p: HybridSearchParams, options: { analyze?: boolean } = {}): Promise<QueryPlan> {
    const analyze = options.analyze ? 'ANALYZE, ' : '';
    return this.inSearchTransaction(p, async (client, [sql, params]) => {
      const { rows } = await client.query<{ 'QUERY PLAN': QueryPlan[] }>(
        `EXPLAIN (${analyze}SETTINGS, FORMAT JSON) ${sql}`,
        params,
      );
      return rows[0]['QUERY PLAN'][0];
    });
  }

  private async inSearchTransaction<T>(
    p: HybridSearchParams,
    run: (client: PoolClient, query: [string, unknown[]]) => Promise<T>,
  ): Promise<T> {
    if (!Number.isInteger(p.dims) || p.dims < 1 || p.dims > 16000)
      throw new Error(`bad vector dimension ${p.dims}`);
    return this.db.transaction(async (client) => {
      // JIT compiles the query's expressions when its estimated cost passes jit_above_cost; a search is done long
      // before compiling pays off (measured on PostgreSQL 15: JIT took 1.1 s of a 1.2 s search), so never.
      // Per-query HNSW tuning; iterative scans keep filling the top-N when the persona/date filter drops candidates.
      // One statement for the three settings: each statement is a round trip.
      await client.query(
        `SELECT set_config('jit', 'off', true), set_config('hnsw.ef_search', $1, true),
                set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
        [String(p.efSearch)],
      );
      const terms = p.textQuery === '' ? [] : await this.queryTerms(client, p.terms);
      const candidates = candidateLexemes(terms, p.textCandidates ?? DEFAULT_TEXT_CANDIDATES);
      const query = bindNamed(hybridSql(p.dims, p.textScoring ?? 'filtered'), {
        query_vector: `[${p.queryVector.join(',')}]`,
        embedder: p.embedder,
        persona: p.persona,
        as_of: p.asOf,
        candidates: p.candidates,
        k: p.k,
        vector_weight: p.vectorWeight,
        vector_share: terms[0]?.vector_share ?? 1,
        avg_tokens: terms[0]?.avg_tokens ?? 1,
        avg_window_tokens: terms[0]?.avg_window_tokens ?? 1,
        avg_document_tokens: terms[0]?.avg_document_tokens ?? 1,
        text_weight: p.textWeight,
        lexemes: terms.map((t) => t.lexeme),
        lexeme_idfs: terms.map((t) => t.idf),
        asked_idfs: terms.map((t) => Number(t.asked_idf)),
        asked_idf_total: terms.reduce((sum, t) => sum + Number(t.asked_idf), 0),
        candidate_query: anyLexemeQuery(candidates),
        text_candidates: p.textCandidates ?? DEFAULT_TEXT_CANDIDATES,
        passage_weight: p.passageWeight,
        document_weight: p.documentWeight,
        metadata_terms: p.metadataTerms ?? 1,
        vector_all_candidates: p.vectorAllCandidates ?? 0,
        vector_confidence: p.vectorConfidence ?? 0,
        text_k1: p.textK1 ?? 1.2,
        text_b: p.textB ?? 0.75,
      });
      return run(client, query);
    });
  }

  private async queryTerms(client: PoolClient, terms: SearchTerm[]): Promise<QueryTermRow[]> {
    const { rows } = await client.query<QueryTermRow>(
      ...bindNamed(QUERY_TERMS_SQL, {
        terms: terms.map((t) => t.term),
        term_weights: terms.map((t) => t.weight),
        terms_asked: terms.map((t) => t.asked),
        terms_embeddable: terms.map((t) => t.embeddable),
        terms_stemmed: terms.map((t) => t.stemmed ?? false),
      }),
    );
    return rows;
  }

  /** The question's stems with their idf and chunk counts (see `QUESTION_LEXEMES_SQL`). */
  async questionLexemes(words: string[]): Promise<QuestionLexemeRow[]> {
    if (words.length === 0) return [];
    const rows = await this.db.query<QuestionLexemeRow>(...bindNamed(QUESTION_LEXEMES_SQL, { words }));
    return rows.map((r) => ({ lexeme: r.lexeme, df: Number(r.df), idf: Number(r.idf) }));
  }

  /**
   * Each word's lexeme (Postgres's English stem; the first of several for a compound, as the chunks' tsvectors hold it) and the chunks holding it;
   * a stop word has none and is left out.
   */
  async termLexemes(terms: string[]): Promise<Map<string, { lexeme: string; df: number; share: number }>> {
    const found = new Map<string, { lexeme: string; df: number; share: number }>();
    if (terms.length === 0) return found;
    const rows = await this.db.query<{ term: string; lexeme: string; df: number; share: number }>(
      ...bindNamed(TERM_LEXEMES_SQL, { terms }),
    );
    for (const r of rows)
      if (!found.has(r.term))
        found.set(r.term, { lexeme: r.lexeme, df: Number(r.df), share: Number(r.share) });
    return found;
  }

  /** Length, cosine and the question's stems held, of each chunk named (see `candidateEvidenceSql`). */
  async candidateEvidence(p: {
    ids: string[];
    lexemes: string[];
    embedder: string;
    dims: number;
    queryVector: number[] | null;
  }): Promise<CandidateEvidenceRow[]> {
    if (!Number.isInteger(p.dims) || p.dims < 1 || p.dims > 16000)
      throw new Error(`bad vector dimension ${p.dims}`);
    if (p.ids.length === 0) return [];
    const dims = p.dims;
    const rows = await this.db.query<CandidateEvidenceRow>(
      ...bindNamed(candidateEvidenceSql(dims), {
        ids: p.ids,
        lexemes: p.lexemes,
        embedder: p.embedder,
        query_vector: `[${(p.queryVector ?? new Array<number>(dims).fill(0)).join(',')}]`,
        with_vector: p.queryVector !== null,
      }),
    );
    return rows.map((r) => ({
      ...r,
      tokens: Number(r.tokens),
      cosine: r.cosine === null ? null : Number(r.cosine),
    }));
  }

  /** The lexemes of the chunks named that the persona and date filters allow (see `FEEDBACK_LEXEMES_SQL`). */
  async feedbackLexemes(p: {
    ids: string[];
    words: string[];
    persona: string | null;
    asOf: string | null;
  }): Promise<FeedbackLexemeRow[]> {
    if (p.ids.length === 0) return [];
    const rows = await this.db.query<FeedbackLexemeRow>(
      ...bindNamed(FEEDBACK_LEXEMES_SQL, { ids: p.ids, words: p.words, persona: p.persona, as_of: p.asOf }),
    );
    return rows.map((r) => ({
      ...r,
      n: Number(r.n),
      tokens: Number(r.tokens),
      df: Number(r.df),
      corpus_chunks: Number(r.corpus_chunks),
    }));
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
