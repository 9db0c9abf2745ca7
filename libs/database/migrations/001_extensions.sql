-- pgvector for passage embeddings.
CREATE EXTENSION IF NOT EXISTS vector;
