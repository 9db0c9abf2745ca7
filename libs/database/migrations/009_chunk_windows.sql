-- Sentence windows of each chunk, for passage-level full-text evidence: a chunk whose best two-sentence
-- window holds the question's words together outranks one that scatters them over 200 words.
-- Written by ingest beside the chunks (corpus.repository.ts replaceDocument).
CREATE TABLE chunk_windows (
  chunk_id bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
  ordinal  int NOT NULL,
  tokens   int NOT NULL,
  tsv      tsvector NOT NULL,
  PRIMARY KEY (chunk_id, ordinal)
);
CREATE INDEX chunk_windows_tsv_idx ON chunk_windows USING gin (tsv);

ALTER TABLE corpus_stats ADD COLUMN avg_window_tokens float8 NOT NULL DEFAULT 1;
