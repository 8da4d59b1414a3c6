-- Decisions tied to what the moderator saw (docs/moderation.md, "Decisions tied to a revision").

-- The content a practice had before each change of its content, so a moderator who acted on an older
-- revision can be shown, field by field, what changed since. Written by PracticeRepository#update in
-- the transaction of the change (copy on write): a practice that never changed has no rows here, and
-- its content at any of its revisions is what the practices table holds.
CREATE TABLE practice_snapshots (
  practice_id    INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  -- The last revision (practice_revisions) that showed this content; it held since the revision after
  -- the previous snapshot's last_revision.
  last_revision  INTEGER NOT NULL,
  content        TEXT NOT NULL,  -- JSON: the PracticeInput the practice had until last_revision
  replaced_at    TEXT NOT NULL,
  PRIMARY KEY (practice_id, last_revision)
) WITHOUT ROWID;

-- practice_events gets the action 'reopened' (a rejected practice back to the queue) and the revision
-- the practice had right after the event, so "what happened since revision N" is exact. SQLite cannot
-- alter a CHECK constraint: the table is rebuilt and its rows copied, in this migration's transaction.
-- Events from before this migration have no revision: they are older than any revision a form carries.
CREATE TABLE practice_events_new (
  id               INTEGER PRIMARY KEY,
  practice_id      INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  action           TEXT NOT NULL CHECK (action IN ('submitted', 'resubmitted', 'published', 'rejected', 'changes_requested', 'edited', 'unpublished', 'reopened')),
  moderator_id     INTEGER REFERENCES moderators (id),
  reason           TEXT,
  at               TEXT NOT NULL,
  revision         INTEGER
);
INSERT INTO practice_events_new (id, practice_id, action, moderator_id, reason, at, revision)
  SELECT id, practice_id, action, moderator_id, reason, at, NULL FROM practice_events ORDER BY id;
DROP TABLE practice_events;
ALTER TABLE practice_events_new RENAME TO practice_events;
CREATE INDEX practice_events_practice ON practice_events (practice_id, id);
