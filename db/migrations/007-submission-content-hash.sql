-- What a submission held when it was confirmed, as a SHA-256, so a form key sent again with other
-- content is told apart from a double click (which must find the first submission). Rows from before
-- stay NULL and count as the same content, as they did.
ALTER TABLE submissions ADD COLUMN content_hash TEXT;
