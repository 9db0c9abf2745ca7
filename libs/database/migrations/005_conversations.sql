-- Conversations, their messages and the citations of each answer. A user message is stored
-- before its answer is generated; the answer row records its status so a failure loses nothing.
CREATE TABLE conversations (
  id         uuid PRIMARY KEY,
  persona    text NOT NULL,
  mode       text NOT NULL CHECK (mode IN ('persona', 'historian')),
  as_of      date,
  -- Set for conversations held inside a classroom session; deleting the session deletes them.
  classroom_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX conversations_classroom_idx ON conversations (classroom_id);

CREATE TABLE messages (
  id              uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  role            text NOT NULL CHECK (role IN ('user', 'assistant')),
  persona         text NOT NULL,
  mode            text NOT NULL,
  as_of           date,
  content         text NOT NULL,
  status          text NOT NULL CHECK (status IN ('complete', 'pending', 'failed')),
  refusal         text,
  context         text,
  generator       text,
  embedder        text,
  notice          text,
  error_code      text,
  timings         jsonb,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, seq);

-- Citations copy what they cite, so an answer stays readable after its document is re-ingested.
CREATE TABLE citations (
  message_id   uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  marker       int NOT NULL,
  document_id  text NOT NULL,
  source       text NOT NULL,
  title        text NOT NULL,
  author       text NOT NULL,
  date         text NOT NULL,
  url          text,
  chunk_id     text NOT NULL,
  quote        text NOT NULL,
  start_offset int NOT NULL,
  end_offset   int NOT NULL,
  speaker      text,
  PRIMARY KEY (message_id, marker)
);
