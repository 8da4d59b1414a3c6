-- Messages relayed for visitors (issue 14: contact the makers, the contact page), one row per message,
-- only what the rate limits need: which practice (NULL: the operator's contact page), a keyed hash of the
-- sender's address (never the address: a stolen database names no one) and when. Rows older than the
-- longest window (24 hours) are pruned by a scheduled job; nothing else reads them.
CREATE TABLE contact_relays (
  id           INTEGER PRIMARY KEY,
  practice_id  INTEGER REFERENCES practices (id) ON DELETE CASCADE,
  sender_hash  TEXT NOT NULL,
  relayed_at   TEXT NOT NULL
);
CREATE INDEX contact_relays_by_sender ON contact_relays (sender_hash, relayed_at);
CREATE INDEX contact_relays_by_practice ON contact_relays (practice_id, relayed_at);
CREATE INDEX contact_relays_by_time ON contact_relays (relayed_at);
