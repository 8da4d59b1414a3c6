// The message of "wij doen dit ook" (issue 14, point 6): the link that confirms an adoption, to the
// address given in the form, composed the house way (mail-compose.ts).
import { composeMail, oneLine } from './mail-compose.js';
import type { MailMessage, SiteLinks } from './outbox.js';
import { paths } from '../paths.js';

export interface AdoptionConfirmationInput {
  readonly practiceId: number;
  readonly title: string;
  readonly slug: string;
  /** The adopting municipality's name. */
  readonly municipality: string;
  readonly since: number;
  readonly to: string;
  readonly token: string;
  /** How long the link works. */
  readonly hours: number;
}

export function adoptionConfirmationMessage(links: SiteLinks, m: AdoptionConfirmationInput): MailMessage {
  return composeMail({
    kind: 'adoption_confirmation',
    practiceId: m.practiceId,
    to: m.to,
    subject: `Bevestig: ${m.municipality} doet „${m.title}” ook`,
    paragraphs: [
      `Via Praktijkbank liet iemand met dit e-mailadres weten dat ${oneLine(m.municipality)} de praktijk „${oneLine(m.title)}” ook uitvoert, sinds ${m.since}.`,
      {
        text: `Klopt dat? Open dan deze link en klik op ‘Bevestigen’. De link werkt ${m.hours / 24} dagen. Daarna bekijkt een moderator de melding; na goedkeuring staat ${oneLine(m.municipality)} bij de praktijk.`,
        link: links.absolute(paths.adoptionConfirmation(m.token)),
      },
      { text: 'De praktijk:', link: links.practice(m.slug) },
      'Deed u deze melding niet? Dan hoeft u niets te doen: zonder bevestiging wordt ze na die dagen gewist, samen met uw e-mailadres.',
    ],
    home: links.home,
  });
}
