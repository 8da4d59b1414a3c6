// The moderators' view of outgoing mail: what waits, what was sent, what failed and the server's answer.
// Recipients are masked and the content is not shown: a moderator needs the state, not the message.
import type { Request, Response } from 'express';
import { type MailKind, OUTBOX_RETENTION_DAYS, type OutboxEntry, type OutboxStatus, type OutboxStore, maskedAddress } from '../../domain/outbox.js';
import { beheerPaths } from '../beheer-paths.js';
import { dutchDayAndTimeOf } from '../../domain/calendar.js';

const SHOWN_PER_STATUS = 100;

const KIND_LABELS: Record<MailKind, string> = {
  submission_received: 'Ontvangstbevestiging',
  published: 'Gepubliceerd',
  changes_requested: 'Aanpassing gevraagd',
  rejected: 'Afgewezen',
  update_approved: 'Wijziging goedgekeurd',
  update_rejected: 'Wijziging niet overgenomen',
  moderator_waiting: 'Te beoordelen (meteen)',
  moderator_digest: 'Te beoordelen (dagoverzicht)',
  contact_makers: 'Bericht aan de makers',
  contact_operator: 'Bericht aan de beheerders',
  contact_copy: 'Kopie voor de afzender',
  yearly_check: 'Klopt uw praktijk nog?',
  adoption_confirmation: 'Bevestiging "wij doen dit ook"',
};

// The day as every other page writes it ("1 december 2026 om 08:30"), not an abbreviated month.
const moment = (iso: string | undefined) => (iso === undefined ? undefined : { iso, label: dutchDayAndTimeOf(new Date(iso)) });

/** One row of the overview: never the address itself, never the content. */
function rowOf(entry: OutboxEntry) {
  return {
    kind: KIND_LABELS[entry.kind],
    recipient: maskedAddress(entry.recipient),
    subject: entry.subject,
    practiceHref: entry.practiceId === undefined ? undefined : beheerPaths.practice(entry.practiceId),
    attempts: entry.attempts,
    created: moment(entry.createdAt),
    nextAttempt: moment(entry.nextAttemptAt),
    finished: moment(entry.finishedAt),
    response: entry.lastResponse,
  };
}

export function outboxController(outbox: OutboxStore) {
  const section = (status: OutboxStatus) => ({ count: outbox.count(status), rows: outbox.list(status, SHOWN_PER_STATUS).map(rowOf), shown: SHOWN_PER_STATUS });
  return {
    show(_req: Request, res: Response): void {
      res.render('beheer/outbox', {
        pageTitle: 'Uitgaande post',
        waiting: section('waiting'),
        failed: section('failed'),
        sent: section('sent'),
        retentionDays: OUTBOX_RETENTION_DAYS,
      });
    },
  };
}
