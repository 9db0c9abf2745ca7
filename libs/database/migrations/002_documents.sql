-- One row per corpus document; `source` is the corpus-relative path, `id` a stable id derived from it.
CREATE TABLE documents (
  id          text PRIMARY KEY,
  source      text NOT NULL UNIQUE,
  persona     text NOT NULL,
  author      text NOT NULL,
  title       text NOT NULL,
  date        text NOT NULL,
  date_from   date NOT NULL,
  date_to     date NOT NULL,
  published   text,
  kind        text,
  translator  text,
  url         text,
  license     text,
  sha256      text NOT NULL,
  -- Hash of text and metadata together: re-ingest skips a document whose content_hash is unchanged.
  content_hash text NOT NULL,
  text        text NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_persona_idx ON documents (persona, date_to);
