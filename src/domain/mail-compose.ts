// How every message of Praktijkbank is put together (issue 14, point 3): Dutch, short, plain text with an
// HTML alternative made of the same paragraphs; no images, no tracking, every link written out in full
// (readable in plain text too) and absolute from PUBLIC_URL. The messages themselves live with their
// cause: mail-messages.ts (the submitter), and the files of moderators' notices, contact and adoptions.
import type { MailKind, MailMessage } from './outbox.js';

/** A paragraph: text (line breaks kept), or text with one link written out in full. */
export type Paragraph = string | { readonly text: string; readonly link: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A title or name on one line: a line break must not break a subject line (nodemailer encodes it, but one line reads better). */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export const MODERATORS_SIGNATURE = 'Met vriendelijke groeten,\nde moderatoren van Praktijkbank';

export interface MailContent {
  readonly kind: MailKind;
  readonly practiceId?: number | undefined;
  readonly to: string;
  readonly subject: string;
  readonly paragraphs: readonly Paragraph[];
  /** The site's home page, closing every message. */
  readonly home: string;
  /** The first line; 'Goedendag,' unless said. */
  readonly greeting?: string;
  /** The last words before the site's address; the moderators' unless said. */
  readonly signature?: string;
  readonly replyTo?: string | undefined;
}

export function composeMail(content: MailContent): MailMessage {
  const { kind, practiceId, to, subject, paragraphs, home, greeting = 'Goedendag,', signature = MODERATORS_SIGNATURE, replyTo } = content;
  const all: Paragraph[] = [greeting, ...paragraphs, signature, { text: 'Praktijkbank:', link: home }];
  const text = all.map((p) => (typeof p === 'string' ? p : `${p.text}\n${p.link}`)).join('\n\n');
  const htmlParagraphs = all.map((p) =>
    typeof p === 'string' ? `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>` : `<p>${escapeHtml(p.text)}<br><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>`,
  );
  const title = escapeHtml(oneLine(subject));
  const html = `<!doctype html>\n<html lang="nl">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${htmlParagraphs.join('\n')}\n</body>\n</html>\n`;
  return { kind, practiceId, to, subject: oneLine(subject), text: `${text}\n`, html, ...(replyTo === undefined ? {} : { replyTo }) };
}
