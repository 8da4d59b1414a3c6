// What a moderator may do with a practice. Every action is one transaction and leaves a history event.
import { z } from 'zod';
import type { EventAction, EventRepository } from '../store/event-repository.js';
import type { PracticeRepository } from '../store/practice-repository.js';
import type { PracticeInput } from './practice.js';
import type { PublicationStatus } from './vocabulary.js';

export const reasonSchema = z
  .string({ error: 'Geef een reden op.' })
  .trim()
  .min(1, { error: 'Geef een reden op: de indiener leest ze.' })
  .max(2000, { error: 'De reden mag hoogstens 2000 tekens lang zijn.' });

export const optionalReasonSchema = z.string().trim().max(2000, { error: 'De reden mag hoogstens 2000 tekens lang zijn.' }).optional().transform((v) => v || undefined);

export interface ModerationStores {
  readonly practices: PracticeRepository;
  readonly events: EventRepository;
  /** Called after a change that may alter what the public catalogue holds. */
  readonly catalogueChanged: () => void;
}

export type Decision = 'publish' | 'reject' | 'requestChanges' | 'unpublish';

const TRANSITIONS: Record<Decision, { from: readonly PublicationStatus[]; to: PublicationStatus; action: EventAction }> = {
  publish: { from: ['pending', 'changes_requested', 'rejected', 'unpublished', 'draft'], to: 'published', action: 'published' },
  requestChanges: { from: ['pending'], to: 'changes_requested', action: 'changes_requested' },
  reject: { from: ['pending', 'changes_requested'], to: 'rejected', action: 'rejected' },
  unpublish: { from: ['published'], to: 'unpublished', action: 'unpublished' },
};

/** The decisions open for a practice in its current status. */
export function decisionsFor(status: PublicationStatus): Decision[] {
  return (Object.keys(TRANSITIONS) as Decision[]).filter((d) => TRANSITIONS[d].from.includes(status));
}

export class ModerationConflict extends Error {}
export class PracticeNotFound extends Error {}

export function decide(stores: ModerationStores, practiceId: number, decision: Decision, moderatorId: number, reason?: string, now = new Date().toISOString()): void {
  const transition = TRANSITIONS[decision];
  // The submitter reads the reason: refusing or sending work back without one is not allowed.
  if ((decision === 'reject' || decision === 'requestChanges') && !reason?.trim()) throw new ModerationConflict('Geef een reden op: de indiener leest ze.');
  stores.practices.transaction(() => {
    const practice = stores.practices.findById(practiceId);
    if (!practice) throw new PracticeNotFound();
    if (!transition.from.includes(practice.status)) {
      throw new ModerationConflict('Deze praktijk is intussen al behandeld. Bekijk haar huidige status.');
    }
    stores.practices.setStatus(practiceId, transition.to, now);
    stores.events.add({ practiceId, action: transition.action, moderatorId, reason, at: now });
  });
  stores.catalogueChanged();
}

/** A moderator's edit, before publishing or of a published practice; the status stays. */
export function editPractice(stores: ModerationStores, practiceId: number, input: PracticeInput, moderatorId: number, now = new Date().toISOString()): void {
  stores.practices.transaction(() => {
    if (!stores.practices.findById(practiceId)) throw new PracticeNotFound();
    stores.practices.update(practiceId, input, now);
    stores.events.add({ practiceId, action: 'edited', moderatorId, at: now });
  });
  stores.catalogueChanged();
}
