-- Full-text statistics for BM25 ranking: document frequency per lexeme over all chunks, and chunk lengths.
-- Refreshed by ingest (corpus.repository.ts refreshLexemeStats).
ALTER TABLE chunks ADD COLUMN tokens int NOT NULL DEFAULT 0;

CREATE TABLE lexeme_stats (
  lexeme text PRIMARY KEY,
  df     int NOT NULL
);

CREATE TABLE corpus_stats (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  chunks     int NOT NULL,
  avg_tokens float8 NOT NULL
);
