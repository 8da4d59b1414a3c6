// What nodemailer gets for one message, the same for SMTP and for .eml files.
import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../domain/outbox.js';

export interface Sender {
  readonly name: string;
  readonly address: string;
}

export function mailOptionsOf(mail: OutgoingMail, from: Sender): SendMailOptions {
  return {
    from: { name: from.name, address: from.address },
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    ...(mail.replyTo === undefined ? {} : { replyTo: mail.replyTo }),
    // RFC 3834: out-of-office replies and the like should not answer a system message.
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
