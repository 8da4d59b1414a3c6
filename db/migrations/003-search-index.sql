-- The search index as last built, stored with the catalogue version it was built from and the revision of
-- every practice it holds, so a start loads it instead of rebuilding it (docs/search.md). One row.
CREATE TABLE search_index (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  catalogue_version  INTEGER NOT NULL,
  revisions          TEXT NOT NULL,  -- JSON: [[practice id, revision], ...]
  data               BLOB NOT NULL,  -- SearchIndex#toBytes, with its own SHA-256 digest
  built_at           TEXT NOT NULL
);

-- Every change to a practice gives it a new revision, from a counter that only goes up, so the catalogue
-- can tell exactly which practices changed since an index was built without reading them all.
INSERT INTO meta (key, value) VALUES ('practice_revision', '0');
CREATE TABLE practice_revisions (
  practice_id  INTEGER PRIMARY KEY,
  revision     INTEGER NOT NULL
);
INSERT INTO practice_revisions (practice_id, revision) SELECT id, 0 FROM practices;
CREATE TRIGGER practices_revision_insert AFTER INSERT ON practices
BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'practice_revision';
  INSERT OR REPLACE INTO practice_revisions (practice_id, revision)
    VALUES (NEW.id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'practice_revision'));
END;
CREATE TRIGGER practices_revision_update AFTER UPDATE ON practices
BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'practice_revision';
  INSERT OR REPLACE INTO practice_revisions (practice_id, revision)
    VALUES (NEW.id, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'practice_revision'));
END;
CREATE TRIGGER practices_revision_delete AFTER DELETE ON practices
BEGIN
  DELETE FROM practice_revisions WHERE practice_id = OLD.id;
END;
