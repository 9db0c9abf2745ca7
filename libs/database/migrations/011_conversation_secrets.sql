-- A public conversation is read and continued only with its secret, returned once to its creator: the row keeps
-- a SHA-256 of it, never the secret. Conversations made before this migration have none and stay unreachable.
-- Classroom conversations (classroom_id set) never get one: the public routes do not serve them at all.
ALTER TABLE conversations ADD COLUMN secret_hash text;

-- Retention deletes public conversations idle for longer than CONVERSATION_RETENTION_DAYS.
CREATE INDEX conversations_public_updated_idx ON conversations (updated_at) WHERE classroom_id IS NULL;

-- Classroom events stored before this migration named the asker's conversation; resync replays stored events,
-- so the id is removed from them too (new events never carry it).
UPDATE classroom_events SET data = data - 'conversationId' WHERE type = 'exchange:started';
UPDATE classroom_events SET data = data #- '{answer,conversationId}' WHERE type = 'exchange:answered';
UPDATE classroom_events SET data = data #- '{exchange,answer,conversationId}'
 WHERE type IN ('exchange:asked', 'exchange:pinned');
