-- Updates after publication (issue 12, point 5): the submitter of a published practice proposes new
-- content through the status link; the published version stays online until a moderator approves it.
CREATE TABLE practice_updates (
  id              INTEGER PRIMARY KEY,
  practice_id     INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  content         TEXT NOT NULL,     -- JSON: the proposed PracticeInput, as practiceInputSchema accepts it
  based_on        INTEGER NOT NULL,  -- the practice's revision (practice_revisions) the proposal started from
  -- 'replaced': the submitter sent a newer proposal before anyone decided on this one.
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'replaced')),
  created_at      TEXT NOT NULL,
  decided_at      TEXT,
  moderator_id    INTEGER REFERENCES moderators (id),
  reason          TEXT
);
-- One proposal waits per practice at a time: a newer one replaces it in the same transaction.
CREATE UNIQUE INDEX practice_updates_one_pending ON practice_updates (practice_id) WHERE status = 'pending';
CREATE INDEX practice_updates_practice ON practice_updates (practice_id, id);

-- practice_events gets the actions of the evidence judgement and of updates. SQLite cannot alter a
-- CHECK constraint: the table is rebuilt and its rows copied, as migration 006 did.
CREATE TABLE practice_events_new (
  id               INTEGER PRIMARY KEY,
  practice_id      INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  action           TEXT NOT NULL CHECK (action IN ('submitted', 'resubmitted', 'published', 'rejected', 'changes_requested', 'edited', 'unpublished', 'reopened',
                                                   'evidence_judged', 'update_proposed', 'update_approved', 'update_rejected')),
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
