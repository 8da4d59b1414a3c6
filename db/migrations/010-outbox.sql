-- The outbox (issue 14): a message is written here in the same transaction as the event that causes
-- it, and a worker sends it afterwards, with retries. Sent and failed rows are pruned after 90 days.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  -- Random, fixed at insert: the Message-ID is built from it, so every attempt sends the same Message-ID.
  message_key      TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL,
  practice_id      INTEGER REFERENCES practices (id) ON DELETE SET NULL,
  recipient        TEXT NOT NULL,
  subject          TEXT NOT NULL,
  -- The content, until it is sent: a sent message keeps only what the moderators' overview shows.
  text_body        TEXT,
  html_body        TEXT,
  status           TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  next_attempt_at  TEXT NOT NULL,
  -- A worker's claim: while lease_until lies ahead no other worker takes the row; a crash lets it expire.
  claim            TEXT,
  lease_until      TEXT,
  last_response    TEXT,
  finished_at      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'waiting';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status <> 'waiting';
