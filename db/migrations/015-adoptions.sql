-- "Wij doen dit ook" (issue 14, point 6): an employee of another municipality says it runs a practice
-- too. The adoption waits for the e-mail confirmation (status 'unconfirmed'), then for a moderator
-- ('confirmed'), who approves or rejects it with a reason. Only approved adoptions are public.
--
-- The adopter's address is kept only while it is needed to confirm: the confirmation drops it (only its
-- domain stays, for the moderator to see that it is a municipality's), and an unconfirmed adoption is
-- deleted when its link expired. The token of the link is kept only as a SHA-256 hash, until the decision.
CREATE TABLE adoptions (
  id                 INTEGER PRIMARY KEY,
  practice_id        INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  nis_code           TEXT NOT NULL CHECK (length(nis_code) = 5),
  since_year         INTEGER NOT NULL CHECK (since_year BETWEEN 1990 AND 2100),
  note               TEXT CHECK (note IS NULL OR length(note) <= 500),
  email              TEXT,            -- the adopter's address; NULL from the confirmation on
  email_domain       TEXT NOT NULL,   -- what stays of it: "gemeente.be"
  token_hash         TEXT UNIQUE,     -- SHA-256 of the confirmation link's token; NULL from the decision on
  token_expires_at   TEXT,
  status             TEXT NOT NULL DEFAULT 'unconfirmed' CHECK (status IN ('unconfirmed', 'confirmed', 'approved', 'rejected')),
  created_at         TEXT NOT NULL,
  confirmed_at       TEXT,
  decided_at         TEXT,
  moderator_id       INTEGER REFERENCES moderators (id),
  reason             TEXT,
  CHECK (status = 'unconfirmed' OR email IS NULL)
);
-- A municipality is named once per practice among the adoptions that count: waiting for a moderator or approved.
CREATE UNIQUE INDEX adoptions_one_per_municipality ON adoptions (practice_id, nis_code) WHERE status IN ('confirmed', 'approved');
CREATE INDEX adoptions_practice ON adoptions (practice_id, status);
CREATE INDEX adoptions_status ON adoptions (status, confirmed_at);
CREATE INDEX adoptions_email ON adoptions (email, created_at) WHERE email IS NOT NULL;

-- An approval (or a withdrawal of one) changes the published practice: touching its row gives it a new
-- revision and the catalogue a new version (the triggers of migrations 001 and 003), so caches, the
-- search snapshot and the facet counts refresh.
CREATE TRIGGER adoptions_publish_insert AFTER INSERT ON adoptions WHEN NEW.status = 'approved'
BEGIN UPDATE practices SET id = id WHERE id = NEW.practice_id; END;
CREATE TRIGGER adoptions_publish_update AFTER UPDATE OF status ON adoptions WHEN (OLD.status = 'approved') <> (NEW.status = 'approved')
BEGIN UPDATE practices SET id = id WHERE id = NEW.practice_id; END;
CREATE TRIGGER adoptions_publish_delete AFTER DELETE ON adoptions WHEN OLD.status = 'approved'
BEGIN UPDATE practices SET id = id WHERE id = OLD.practice_id; END;

-- practice_events gets the moderators' decisions on adoptions. SQLite cannot alter a CHECK constraint:
-- the table is rebuilt and its rows copied, as migrations 006, 009 and 014 did.
CREATE TABLE practice_events_new (
  id               INTEGER PRIMARY KEY,
  practice_id      INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  action           TEXT NOT NULL CHECK (action IN ('submitted', 'resubmitted', 'published', 'rejected', 'changes_requested', 'edited', 'unpublished', 'reopened',
                                                   'evidence_judged', 'update_proposed', 'update_approved', 'update_rejected',
                                                   'check_confirmed',
                                                   'adoption_approved', 'adoption_rejected')),
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
