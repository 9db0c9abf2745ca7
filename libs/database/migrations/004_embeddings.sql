-- Vectors per embedder: `embedder` names the vector space, so changing embedder re-embeds instead of mixing.
-- The column is dimensionless; each dimension gets its own partial HNSW expression index,
-- created by the application for the embedder in use (see chunk-embeddings.repository.ts).
CREATE TABLE chunk_embeddings (
  chunk_id  bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
  embedder  text NOT NULL,
  dims      int NOT NULL,
  embedding vector NOT NULL,
  PRIMARY KEY (embedder, chunk_id)
);

-- Fitted embedder state (e.g. SIF word weights and principal component) shared by ingest and the api.
CREATE TABLE embedder_states (
  embedder   text PRIMARY KEY,
  state      jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What the last completed ingest saw, so start-up can tell whether the corpus changed.
CREATE TABLE ingest_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  corpus_dir    text NOT NULL,
  fingerprint   text NOT NULL,
  embedder      text NOT NULL,
  documents     int NOT NULL,
  chunks        int NOT NULL,
  skipped       int NOT NULL,
  problems      jsonb NOT NULL DEFAULT '[]',
  finished_at   timestamptz NOT NULL DEFAULT now()
);
