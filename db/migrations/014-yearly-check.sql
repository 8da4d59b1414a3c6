-- Keeping practices current (issue 14, point 5): "Klopt uw praktijk nog?" is asked once a year after a
-- practice's last check. One row per question asked: the job inserts it in the transaction that queues
-- the message, and a single INSERT ... WHERE NOT EXISTS decides, so a second run, a restart or a second
-- process never asks twice. A confirmation sets answered_at (and the practice's last_verified_at); the
-- signed link names its row, so it cannot answer another practice's question or a later one.
CREATE TABLE practice_checks (
  id           INTEGER PRIMARY KEY,
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  asked_at     TEXT NOT NULL,
  answered_at  TEXT
);
CREATE INDEX practice_checks_practice ON practice_checks (practice_id, asked_at);

-- practice_events gets the action 'check_confirmed' (the contact confirmed the practice still runs as
-- described). SQLite cannot alter a CHECK constraint: the table is rebuilt and its rows copied, as
-- migrations 006 and 009 did.
CREATE TABLE practice_events_new (
  id               INTEGER PRIMARY KEY,
  practice_id      INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  action           TEXT NOT NULL CHECK (action IN ('submitted', 'resubmitted', 'published', 'rejected', 'changes_requested', 'edited', 'unpublished', 'reopened',
                                                   'evidence_judged', 'update_proposed', 'update_approved', 'update_rejected',
                                                   'check_confirmed')),
  moderator_id     INTEGER REFERENCES moderators (id),
  reason           TEXT,
  at               TEXT NOT NULL,
  revision         INTEGER
);
INSERT INTO practice_events_new (id, practice_id, action, moderator_id, reason, at, revision)
  SELECT id, practice_id, action, moderator_id, reason, at, revision FROM practice_events ORDER BY id;
DROP TABLE practice_events;
ALTER TABLE practice_events_new RENAME TO practice_events;
CREATE INDEX practice_events_practice ON practice_events (practice_id, id);
