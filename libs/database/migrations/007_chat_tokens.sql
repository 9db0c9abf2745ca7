-- Tokens for the /chat socket.io namespace: random, stored as sha256 hashes, short-lived.
CREATE TABLE chat_tokens (
  id         uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX chat_tokens_expires_idx ON chat_tokens (expires_at);
