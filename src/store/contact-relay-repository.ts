// Relayed contact messages as the rate limits count them (migration 013): practice, keyed sender hash, time.
import type { ContactRelay, ContactRelayStore } from '../domain/contact.js';
import type { Db } from './database.js';

export class ContactRelayRepository implements ContactRelayStore {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  countBySender(senderHash: string, since: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM contact_relays WHERE sender_hash = ? AND relayed_at > ?').get(senderHash, since) as { n: number }).n;
  }

  countFor(practiceId: number | undefined, since: string): number {
    const row =
      practiceId === undefined
        ? this.db.prepare('SELECT count(*) AS n FROM contact_relays WHERE practice_id IS NULL AND relayed_at > ?').get(since)
        : this.db.prepare('SELECT count(*) AS n FROM contact_relays WHERE practice_id = ? AND relayed_at > ?').get(practiceId, since);
    return (row as { n: number }).n;
  }

  add(relay: ContactRelay): void {
    this.db.prepare('INSERT INTO contact_relays (practice_id, sender_hash, relayed_at) VALUES (?, ?, ?)').run(relay.practiceId ?? null, relay.senderHash, relay.at);
  }

  prune(before: string): number {
    return this.db.prepare('DELETE FROM contact_relays WHERE relayed_at <= ?').run(before).changes;
  }
}
