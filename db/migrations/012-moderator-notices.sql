-- Moderators hear about waiting work by e-mail (issue 14): at once for every item, one digest a day
-- (the default, so a new or upgraded account is not flooded), or not at all.
ALTER TABLE moderators ADD COLUMN notices TEXT NOT NULL DEFAULT 'daily' CHECK (notices IN ('immediate', 'daily', 'never'));

-- The days a moderator's digest was written to the outbox, a Brussels calendar day ('2026-12-01') each.
-- The row is written in the same transaction as the digest, and the key allows one per moderator and
-- day: a second run, a restart or a second process finds it and writes nothing.
CREATE TABLE moderator_digests (
  moderator_id     INTEGER NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
  day              TEXT NOT NULL,
  written_at       TEXT NOT NULL,
  PRIMARY KEY (moderator_id, day)
) WITHOUT ROWID;
