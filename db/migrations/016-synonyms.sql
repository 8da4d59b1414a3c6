-- The synonym list moderators edit under /beheer/synoniemen (issue 15, point 4). Every save is a new
-- revision, never an update: the newest row is the list searches use, the older ones are its history and
-- can be restored (as a new revision). With no row at all, the list that comes with the code
-- (src/search/synonyms.ts) applies.
CREATE TABLE synonym_revisions (
  id               INTEGER PRIMARY KEY,
  groups           TEXT NOT NULL CHECK (json_valid(groups) AND json_type(groups) = 'array'), -- [["ouderen","senioren"],…]
  moderator_id     INTEGER NOT NULL REFERENCES moderators (id),                              -- who; keeps the account from being removed
  created_at       TEXT NOT NULL,
  note             TEXT CHECK (note IS NULL OR length(note) <= 200)                          -- why, in a few words
);
