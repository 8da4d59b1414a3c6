-- A second factor for moderators: a TOTP secret (an authenticator app), set up at the first login.
-- totp_last_step is the time step of the last code accepted, so a code cannot be used twice.
ALTER TABLE moderators ADD COLUMN totp_secret TEXT;
ALTER TABLE moderators ADD COLUMN totp_last_step INTEGER;
