-- A login that reveals nothing and that no one can lock (issue 11). The lock-out columns
-- moderators.failed_logins and moderators.locked_until are no longer read or written; they stay,
-- because SQLite drops a column only by rebuilding the table.

-- Failed attempts slow down the next one: per address typed in the form (whether or not it has an
-- account), per client address, per known device and per second-factor step. The key is the SHA-256 of
-- what is throttled ('account:naam@gemeente.be', 'address:203.0.113.7'...), so no address is stored
-- in the clear. Times are milliseconds since the epoch.
CREATE TABLE login_throttle (
  key              TEXT PRIMARY KEY,
  failures         INTEGER NOT NULL CHECK (failures > 0),
  last_failure_at  INTEGER NOT NULL,
  -- After this the failures no longer count, and the row may be deleted.
  forget_at        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_throttle_forget ON login_throttle (forget_at);

-- Browsers a moderator completed a full login in (password and second factor). The cookie holds a
-- random token; only its SHA-256 is kept. A known device is not slowed down by attempts on the account.
CREATE TABLE moderator_devices (
  id               INTEGER PRIMARY KEY,
  moderator_id     INTEGER NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
  token_hash       TEXT NOT NULL UNIQUE,
  created_at       INTEGER NOT NULL,
  last_used_at     INTEGER NOT NULL
);
CREATE INDEX moderator_devices_moderator ON moderator_devices (moderator_id, last_used_at);

-- One-time links to set up the second factor (npm run moderator -- add | reset-2fa). Only the SHA-256
-- of the link's token is kept; a link is deleted when it is used or replaced.
CREATE TABLE enrolment_links (
  token_hash       TEXT PRIMARY KEY,
  moderator_id     INTEGER NOT NULL UNIQUE REFERENCES moderators (id) ON DELETE CASCADE,
  created_at       INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL
) WITHOUT ROWID;
