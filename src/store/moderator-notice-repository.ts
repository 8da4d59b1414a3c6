// All SQL about moderators' e-mail notices (migration 012): each moderator's choice and the days a digest went out.
import { NOTICE_CHOICES, type ModeratorNoticeStore, type NoticeChoice, type NoticeRecipient } from '../domain/moderator-notice-store.js';
import type { Db } from './database.js';

const isChoice = (value: unknown): value is NoticeChoice => (NOTICE_CHOICES as readonly unknown[]).includes(value);

export class ModeratorNoticeRepository implements ModeratorNoticeStore {
  constructor(private readonly db: Db) {}

  choiceOf(moderatorId: number): NoticeChoice | undefined {
    const row = this.db.prepare('SELECT notices FROM moderators WHERE id = ?').get(moderatorId) as { notices: string } | undefined;
    return row && isChoice(row.notices) ? row.notices : undefined;
  }

  setChoice(moderatorId: number, choice: NoticeChoice): boolean {
    return this.db.prepare('UPDATE moderators SET notices = ? WHERE id = ?').run(choice, moderatorId).changes === 1;
  }

  activeWith(choice: NoticeChoice): NoticeRecipient[] {
    return this.db.prepare('SELECT id, email FROM moderators WHERE disabled = 0 AND notices = ? ORDER BY email').all(choice) as NoticeRecipient[];
  }

  dueForDigest(day: string): NoticeRecipient[] {
    return this.db
      .prepare(
        `SELECT id, email FROM moderators m
         WHERE disabled = 0 AND notices = 'daily' AND NOT EXISTS (SELECT 1 FROM moderator_digests d WHERE d.moderator_id = m.id AND d.day = ?)
         ORDER BY email`,
      )
      .all(day) as NoticeRecipient[];
  }

  recordDigest(moderatorId: number, day: string, at: string): boolean {
    return this.db.prepare('INSERT INTO moderator_digests (moderator_id, day, written_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(moderatorId, day, at).changes === 1;
  }

  forgetDigestsBefore(day: string): void {
    this.db.prepare('DELETE FROM moderator_digests WHERE day < ?').run(day);
  }

  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
