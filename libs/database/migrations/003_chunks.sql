-- Passages with exact offsets: documents.text[start_offset, end_offset) = chunks.text.
-- persona/date_to/title are copied from the document so retrieval filters without a join.
CREATE TABLE chunks (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id  text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ordinal      int NOT NULL,
  start_offset int NOT NULL,
  end_offset   int NOT NULL,
  text         text NOT NULL,
  heading      text,
  speaker      text,
  persona      text NOT NULL,
  date_to      date NOT NULL,
  title        text NOT NULL,
  -- Passage words weigh most, then heading, then the document title.
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', text), 'A') ||
    setweight(to_tsvector('english', coalesce(heading, '')), 'B') ||
    setweight(to_tsvector('english', title), 'C')
  ) STORED,
  UNIQUE (document_id, ordinal),
  CHECK (end_offset > start_offset)
);
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);
CREATE INDEX chunks_persona_idx ON chunks (persona, date_to);
