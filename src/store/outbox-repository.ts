// The outbox (migration 010): messages written with their cause, claimed and marked by the worker.
import { randomBytes } from 'node:crypto';
import type { ClaimedMail, MailKind, MailMessage, OutboxEntry, OutboxStatus, OutboxStore } from '../domain/outbox.js';
import type { Db } from './database.js';

interface EntryRow {
  id: number;
  kind: MailKind;
  practice_id: number | null;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_response: string | null;
  finished_at: string | null;
}

interface ClaimedRow extends EntryRow {
  message_key: string;
  reply_to: string | null;
  text_body: string;
  html_body: string;
  claim: string;
}

const entryOf = (r: EntryRow): OutboxEntry => ({
  id: r.id,
  kind: r.kind,
  practiceId: r.practice_id ?? undefined,
  recipient: r.recipient,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
  lastResponse: r.last_response ?? undefined,
  finishedAt: r.finished_at ?? undefined,
});

// A server's answer can be long (a multi-line 5xx): the overview needs its gist, not a novel.
const shortened = (response: string) => response.slice(0, 1000);

export class OutboxRepository implements OutboxStore {
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly db: Db) {}

  /** Called soon after a message is added, once the transaction that added it has ended (committed or not). */
  onAdded(listener: () => void): void {
    this.listeners.push(listener);
  }

  add(message: MailMessage, at: string): void {
    this.db
      .prepare(
        `INSERT INTO outbox (message_key, kind, practice_id, recipient, reply_to, subject, text_body, html_body, status, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?)`,
      )
      .run(randomBytes(16).toString('hex'), message.kind, message.practiceId ?? null, message.to, message.replyTo ?? null, message.subject, message.text, message.html, at, at);
    // better-sqlite3 transactions are synchronous: by the next turn of the event loop this one has ended.
    if (this.listeners.length > 0) setImmediate(() => this.listeners.forEach((l) => l()));
  }

  claimDue(now: string, leaseUntil: string): ClaimedMail | undefined {
    const row = this.db
      .prepare(
        `UPDATE outbox SET claim = ?, lease_until = ?, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox WHERE status = 'waiting' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, id LIMIT 1)
         RETURNING *`,
      )
      .get(randomBytes(12).toString('hex'), leaseUntil, now, now) as ClaimedRow | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      practiceId: row.practice_id ?? undefined,
      to: row.recipient,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      replyTo: row.reply_to ?? undefined,
      messageKey: row.message_key,
      attempts: row.attempts,
      createdAt: row.created_at,
      claim: row.claim,
    };
  }

  markSent(id: number, claim: string, response: string, at: string): void {
    this.db
      .prepare("UPDATE outbox SET status = 'sent', text_body = NULL, html_body = NULL, reply_to = NULL, claim = NULL, lease_until = NULL, last_response = ?, finished_at = ? WHERE id = ? AND claim = ?")
      .run(shortened(response), at, id, claim);
  }

  retryLater(id: number, claim: string, response: string, nextAttemptAt: string): void {
    this.db.prepare('UPDATE outbox SET claim = NULL, lease_until = NULL, last_response = ?, next_attempt_at = ? WHERE id = ? AND claim = ?').run(shortened(response), nextAttemptAt, id, claim);
  }

  markFailed(id: number, claim: string, response: string, at: string): void {
    this.db.prepare("UPDATE outbox SET status = 'failed', claim = NULL, lease_until = NULL, last_response = ?, finished_at = ? WHERE id = ? AND claim = ?").run(shortened(response), at, id, claim);
  }

  prune(before: string): number {
    return this.db.prepare("DELETE FROM outbox WHERE status <> 'waiting' AND finished_at < ?").run(before).changes;
  }

  list(status: OutboxStatus, limit: number): OutboxEntry[] {
    const rows = this.db
      .prepare(
        `SELECT id, kind, practice_id, recipient, subject, status, attempts, created_at, next_attempt_at, last_response, finished_at
         FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ?`,
      )
      .all(status, limit) as EntryRow[];
    return rows.map(entryOf);
  }

  count(status: OutboxStatus): number {
    return (this.db.prepare('SELECT count(*) AS n FROM outbox WHERE status = ?').get(status) as { n: number }).n;
  }

  nextDueAt(): string | undefined {
    const row = this.db.prepare("SELECT min(max(next_attempt_at, coalesce(lease_until, ''))) AS due FROM outbox WHERE status = 'waiting'").get() as { due: string | null };
    return row.due ?? undefined;
  }
}
