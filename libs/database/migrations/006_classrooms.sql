-- Classroom sessions, their participants, exchanges and the ordered event log that clients resync from.
-- Everything hangs off classrooms with ON DELETE CASCADE: deleting a session (retention or DELETE)
-- removes every row it produced, including its conversations, messages and citations.
CREATE TABLE classrooms (
  id             uuid PRIMARY KEY,
  title          text NOT NULL,
  personas       text[] NOT NULL,
  mode           text NOT NULL CHECK (mode IN ('qa', 'debate')),
  motion         text,
  as_of          date,
  visibility     text NOT NULL CHECK (visibility IN ('private', 'shared')),
  join_code      text NOT NULL UNIQUE,
  locked         boolean NOT NULL DEFAULT false,
  debate_turn    int NOT NULL DEFAULT 0,
  -- The id of the latest event; taking the next one locks this row, so ids are gap-free and commit in order.
  last_event_id  bigint NOT NULL DEFAULT 0,
  retention_days int NOT NULL CHECK (retention_days BETWEEN 1 AND 365),
  created_at     timestamptz NOT NULL,
  ended_at       timestamptz,
  delete_after   timestamptz NOT NULL
);
CREATE INDEX classrooms_delete_after_idx ON classrooms (delete_after);

-- Only a display name is kept about a person; tokens are stored as sha256 hashes.
CREATE TABLE classroom_participants (
  id           uuid PRIMARY KEY,
  classroom_id uuid NOT NULL REFERENCES classrooms (id) ON DELETE CASCADE,
  role         text NOT NULL CHECK (role IN ('teacher', 'student')),
  display_name text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  joined_at    timestamptz NOT NULL,
  removed_at   timestamptz
);
CREATE INDEX classroom_participants_classroom_idx ON classroom_participants (classroom_id);

CREATE TABLE classroom_exchanges (
  id              uuid PRIMARY KEY,
  classroom_id    uuid NOT NULL REFERENCES classrooms (id) ON DELETE CASCADE,
  -- Null for debate turns, which the teacher starts.
  participant_id  uuid REFERENCES classroom_participants (id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('question', 'debate_turn')),
  persona         text NOT NULL,
  question        text NOT NULL,
  status          text NOT NULL CHECK (status IN ('held', 'answering', 'answered', 'failed', 'dismissed')),
  debate_turn     int,
  conversation_id uuid,
  answer          jsonb,
  error_code      text,
  error_message   text,
  moderation      jsonb,
  pinned          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL,
  answered_at     timestamptz
);
CREATE INDEX classroom_exchanges_classroom_idx ON classroom_exchanges (classroom_id, created_at);
CREATE INDEX classroom_exchanges_thread_idx ON classroom_exchanges (participant_id, persona, created_at);

CREATE TABLE classroom_events (
  classroom_id   uuid NOT NULL REFERENCES classrooms (id) ON DELETE CASCADE,
  id             bigint NOT NULL,
  type           text NOT NULL,
  audience       text NOT NULL CHECK (audience IN ('all', 'teacher', 'participant')),
  participant_id uuid REFERENCES classroom_participants (id) ON DELETE CASCADE,
  data           jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (classroom_id, id),
  CHECK ((audience = 'participant') = (participant_id IS NOT NULL))
);

ALTER TABLE conversations
  ADD CONSTRAINT conversations_classroom_fk FOREIGN KEY (classroom_id) REFERENCES classrooms (id) ON DELETE CASCADE;
