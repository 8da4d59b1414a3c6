-- The catalogue of practices. Multi-valued fields live in child tables so they can be filtered in SQL
-- and counted by researchers who open the database directly.
CREATE TABLE practices (
  id                    INTEGER PRIMARY KEY,
  slug                  TEXT NOT NULL UNIQUE,
  title                 TEXT NOT NULL,
  summary               TEXT NOT NULL,
  section_aanleiding    TEXT,
  section_aanpak        TEXT,
  section_resultaten    TEXT,
  section_leerpunten    TEXT,
  scale                 TEXT NOT NULL CHECK (scale IN ('lokaal', 'intergemeentelijk', 'regionaal', 'vlaams')),
  start_year            INTEGER,
  end_year              INTEGER,
  ongoing               INTEGER NOT NULL DEFAULT 0 CHECK (ongoing IN (0, 1)),
  source_title          TEXT NOT NULL,
  source_publisher      TEXT,
  source_url            TEXT,
  source_note           TEXT,
  contact_organisation  TEXT,
  contact_email         TEXT,
  -- The submitter agreed to show the contact e-mail on the public page.
  contact_email_public  INTEGER NOT NULL DEFAULT 0 CHECK (contact_email_public IN (0, 1)),
  status                TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'changes_requested', 'rejected', 'published', 'unpublished')),
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  published_at          TEXT
);
CREATE INDEX practices_status_published ON practices (status, published_at);

CREATE TABLE practice_municipalities (
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  nis_code     TEXT NOT NULL,
  PRIMARY KEY (practice_id, nis_code)
) WITHOUT ROWID;

-- Provinces a practice names itself (province-wide practices); those of its municipalities are derived.
CREATE TABLE practice_provinces (
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  province     TEXT NOT NULL,
  PRIMARY KEY (practice_id, province)
) WITHOUT ROWID;

CREATE TABLE practice_terms (
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  vocabulary   TEXT NOT NULL CHECK (vocabulary IN ('theme', 'targetGroup', 'lifeDomain')),
  value        TEXT NOT NULL,
  PRIMARY KEY (practice_id, vocabulary, value)
);  -- a rowid table: the rowid keeps the order in which the terms were given

CREATE TABLE practice_partners (
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  PRIMARY KEY (practice_id, position)
) WITHOUT ROWID;

CREATE TABLE practice_links (
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  url          TEXT NOT NULL,
  label        TEXT,
  PRIMARY KEY (practice_id, position)
) WITHOUT ROWID;

-- Small key/value facts about the database itself (when it was seeded, the catalogue version).
CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) WITHOUT ROWID;

-- The catalogue version goes up with every change, so a search index knows when it is stale.
INSERT INTO meta (key, value) VALUES ('catalogue_version', '0');
CREATE TRIGGER practices_version_insert AFTER INSERT ON practices
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version'; END;
CREATE TRIGGER practices_version_update AFTER UPDATE ON practices
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version'; END;
CREATE TRIGGER practices_version_delete AFTER DELETE ON practices
BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version'; END;
