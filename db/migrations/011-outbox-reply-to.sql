-- Relayed messages (issue 14: contact the makers, the contact page) are answered to their sender: the
-- outbox keeps the Reply-To address with the message until it is sent, like the content.
ALTER TABLE outbox ADD COLUMN reply_to TEXT;
