-- A practice another municipality can copy (issue 12): what makes it work, what it takes, what it
-- costs, whom it reached, how it was evaluated, who to ask, how old the information is, the moderators'
-- judgement of its evidence, and its materials. Every column is optional: a practice from before this
-- migration simply does not know these things yet, and says so on its page.

ALTER TABLE practices ADD COLUMN working_elements TEXT;
ALTER TABLE practices ADD COLUMN transferability TEXT;
-- In cents, so sums and comparisons are exact.
ALTER TABLE practices ADD COLUMN cost_amount_cents INTEGER CHECK (cost_amount_cents >= 0);
ALTER TABLE practices ADD COLUMN cost_period TEXT CHECK (cost_period IN ('eenmalig', 'per-jaar'));
ALTER TABLE practices ADD COLUMN cost_note TEXT;
ALTER TABLE practices ADD COLUMN staff_fte REAL CHECK (staff_fte >= 0);
ALTER TABLE practices ADD COLUMN reach_count INTEGER CHECK (reach_count >= 0);
ALTER TABLE practices ADD COLUMN reach_unit TEXT;
ALTER TABLE practices ADD COLUMN reach_year INTEGER;
ALTER TABLE practices ADD COLUMN evaluation_kind TEXT CHECK (evaluation_kind IN ('geen', 'intern', 'extern'));
ALTER TABLE practices ADD COLUMN evaluation_summary TEXT;
ALTER TABLE practices ADD COLUMN evaluation_url TEXT;
ALTER TABLE practices ADD COLUMN contact_name TEXT;
ALTER TABLE practices ADD COLUMN contact_role TEXT;
-- The date of the source text, as precise as the text gives it: 2018, 2018-02 or 2018-02-23.
ALTER TABLE practices ADD COLUMN source_date TEXT;
-- When someone last checked that the description still holds; NULL: never.
ALTER TABLE practices ADD COLUMN last_verified_at TEXT;
-- The moderators' judgement of the "stand van de praktijk"; NULL while none was made.
ALTER TABLE practices ADD COLUMN evidence_level TEXT CHECK (evidence_level IN ('beschreven', 'onderbouwd', 'geevalueerd', 'overgenomen'));
ALTER TABLE practices ADD COLUMN evidence_justification TEXT;
ALTER TABLE practices ADD COLUMN evidence_decided_at TEXT;
ALTER TABLE practices ADD COLUMN evidence_moderator_id INTEGER REFERENCES moderators (id);

CREATE TABLE practice_funding (
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  source       TEXT NOT NULL,
  PRIMARY KEY (practice_id, source)
);  -- a rowid table: the rowid keeps the order in which the sources were given

-- Uploaded files, stored on disk under the materials folder by the SHA-256 of their content: the same
-- file attached twice is kept once. A row is written only after the file is complete on disk.
CREATE TABLE material_files (
  hash        TEXT PRIMARY KEY CHECK (length(hash) = 64),
  media_type  TEXT NOT NULL,
  bytes       INTEGER NOT NULL CHECK (bytes > 0),
  stored_at   TEXT NOT NULL
) WITHOUT ROWID;

-- The files a practice carries, in the order they were given, with the title and description shown.
CREATE TABLE practice_materials (
  practice_id  INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  file_hash    TEXT NOT NULL REFERENCES material_files (hash),
  file_name    TEXT NOT NULL,
  title        TEXT NOT NULL,
  description  TEXT,
  PRIMARY KEY (practice_id, position)
) WITHOUT ROWID;
CREATE INDEX practice_materials_file ON practice_materials (file_hash);

-- A database seeded by an earlier release gets the facts the seed catalogue now carries (seeds/README.md,
-- "The fields of a copyable practice"): only on the seed records, recognised by slug and source title,
-- and only where nobody has filled the field since.
UPDATE practices SET source_date = '2021'
  WHERE slug = 'pilootprojecten-lokale-gezinscoaches' AND source_title = 'Departement WVG – startpagina (nieuws)' AND source_date IS NULL;
INSERT OR IGNORE INTO practice_funding (practice_id, source)
  SELECT id, 'vlaamse-subsidie' FROM practices
  WHERE slug = 'herstelgerichte-projecten-2021-2025' AND source_title = 'Departement WVG – startpagina (thema''s en nieuws)';
UPDATE practices SET reach_count = 270, reach_unit = 'gemeenten'
  WHERE slug = 'lerend-netwerk-vrijetijd' AND source_title = 'Mens' AND reach_count IS NULL;
UPDATE practices SET cost_note = '€ 4,4 miljoen voor de organisatie van noodopvang tijdens vakantieperiodes en bij sluiting van scholen, voor heel Vlaanderen. De bron zegt niet of het bedrag eenmalig of jaarlijks is.'
  WHERE slug = 'noodopvang-kinderopvang' AND source_title = 'Mens' AND cost_note IS NULL;
