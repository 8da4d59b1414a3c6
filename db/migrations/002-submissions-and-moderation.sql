-- Submissions by municipalities and organisations, and their review by moderators.

-- How a submitted practice reaches its submitter: a private status link. Only the SHA-256 of the
-- link's token is kept, so a copy of the database does not hand out the links.
CREATE TABLE submissions (
  practice_id      INTEGER PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
  -- The token is the one-time key of the confirmed form, so submitting the same form twice (a double
  -- click, a retry after a lost connection) finds the first submission instead of making a second.
  token_hash       TEXT NOT NULL UNIQUE,
  submitted_at     TEXT NOT NULL,
  resubmitted_at   TEXT
);

CREATE TABLE moderators (
  id               INTEGER PRIMARY KEY,
  email            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash    TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  failed_logins    INTEGER NOT NULL DEFAULT 0,
  locked_until     TEXT,
  disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

-- Every change of a practice's status or content, by whom (a moderator, or the submitter), when and why.
CREATE TABLE practice_events (
  id               INTEGER PRIMARY KEY,
  practice_id      INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  action           TEXT NOT NULL CHECK (action IN ('submitted', 'resubmitted', 'published', 'rejected', 'changes_requested', 'edited', 'unpublished')),
  moderator_id     INTEGER REFERENCES moderators (id),
  reason           TEXT,
  at               TEXT NOT NULL
);
CREATE INDEX practice_events_practice ON practice_events (practice_id, id);

-- Server-side sessions (express-session), so a restart does not log moderators out and memory does not grow.
CREATE TABLE sessions (
  sid              TEXT PRIMARY KEY,
  data             TEXT NOT NULL,
  expires_at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);
