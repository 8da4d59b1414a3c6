// The messages a visitor's question becomes (issue 14, points 4 and 8), composed the house way
// (mail-compose.ts). What the visitor typed is plain text: composeMail escapes it in the HTML part and
// makes no link of it, so a link in a question stays text the recipient can read before opening.
import type { ContactMessage } from './contact.js';
import { type Paragraph, composeMail, oneLine } from './mail-compose.js';
import type { MailMessage, MailOutbox } from './outbox.js';
import { paths } from '../paths.js';

const RELAY_SIGNATURE = 'Met vriendelijke groeten,\nPraktijkbank';

/** Who wrote, as the recipient reads it: name, organisation and address on separate lines. */
function senderLines(message: ContactMessage): string {
  return [`Naam: ${message.name}`, ...(message.organisation ? [`Organisatie: ${message.organisation}`] : []), `E-mailadres: ${message.email}`].join('\n');
}

export interface PracticeAbout {
  readonly practiceId: number;
  readonly title: string;
  readonly slug: string;
}

/** To the practice's contact address, answered (Reply-To) to the visitor. */
export function makersMessage(links: MailOutbox['links'], m: PracticeAbout & { readonly to: string; readonly addressPublic: boolean }, message: ContactMessage): MailMessage {
  const paragraphs: Paragraph[] = [
    `Via Praktijkbank stelt iemand een vraag over uw praktijk „${oneLine(m.title)}”. Antwoord gewoon op deze e-mail: uw antwoord gaat rechtstreeks naar de afzender.`,
    senderLines(message),
    'Het bericht:',
    message.message,
    m.addressPublic
      ? 'Uw e-mailadres staat op de pagina van uw praktijk; de afzender kreeg een kopie van dit bericht.'
      : 'Uw e-mailadres hebben we niet aan de afzender gegeven: die ziet het pas als u antwoordt. De afzender kreeg een kopie van dit bericht, zonder uw adres.',
    { text: 'Uw praktijk op Praktijkbank:', link: links.practice(m.slug) },
  ];
  return composeMail({
    kind: 'contact_makers',
    practiceId: m.practiceId,
    to: m.to,
    subject: `Vraag over uw praktijk „${m.title}” via Praktijkbank`,
    paragraphs,
    home: links.home,
    signature: RELAY_SIGNATURE,
    replyTo: message.email,
  });
}

/** To the operator's address (the *Contact* page), answered (Reply-To) to the visitor. */
export function operatorMessage(links: MailOutbox['links'], to: string, message: ContactMessage): MailMessage {
  return composeMail({
    kind: 'contact_operator',
    to,
    subject: 'Vraag via het contactformulier van Praktijkbank',
    paragraphs: [
      'Via het contactformulier van Praktijkbank stelt iemand een vraag. Antwoord gewoon op deze e-mail: uw antwoord gaat rechtstreeks naar de afzender.',
      senderLines(message),
      'Het bericht:',
      message.message,
      { text: 'Het contactformulier:', link: links.absolute(paths.contact()) },
    ],
    home: links.home,
    signature: RELAY_SIGNATURE,
    replyTo: message.email,
  });
}

/** The visitor's copy: what they sent and to whom, never an address that is not public already. */
export function contactCopyMessage(
  links: MailOutbox['links'],
  about: (PracticeAbout & { readonly publicAddress: string | undefined }) | { readonly operator: { readonly name: string; readonly email: string } },
  message: ContactMessage,
): MailMessage {
  const toWhom: Paragraph[] =
    'operator' in about
      ? [`U stuurde via Praktijkbank deze vraag aan ${oneLine(about.operator.name)}, de beheerder van de website (${about.operator.email}). Het antwoord komt rechtstreeks bij u.`]
      : [
          about.publicAddress === undefined
            ? `U stuurde via Praktijkbank deze vraag aan de makers van de praktijk „${oneLine(about.title)}”. Hun antwoord komt rechtstreeks bij u.`
            : `U stuurde via Praktijkbank deze vraag aan de makers van de praktijk „${oneLine(about.title)}” (${about.publicAddress}). Hun antwoord komt rechtstreeks bij u.`,
          { text: 'De praktijk:', link: links.practice(about.slug) },
        ];
  return composeMail({
    kind: 'contact_copy',
    practiceId: 'operator' in about ? undefined : about.practiceId,
    to: message.email,
    subject: 'operator' in about ? 'Kopie van uw vraag aan Praktijkbank' : `Kopie van uw vraag over „${about.title}”`,
    paragraphs: [
      ...toWhom,
      'Wat u stuurde:',
      senderLines(message),
      message.message,
      'Stuurde u dit bericht niet? Dan vulde iemand anders uw e-mailadres in. U hoeft niets te doen; u krijgt geen verdere berichten.',
    ],
    home: links.home,
    signature: RELAY_SIGNATURE,
  });
}
