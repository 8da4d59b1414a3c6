// Without SMTP_URL: every message becomes an .eml file (RFC 5322, as nodemailer builds it) in MAIL_DIR,
// written to a temporary name and renamed, so a reader never sees half a message.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { MailDeliveryError, type MailTransport, type OutgoingMail } from '../domain/outbox.js';
import { mailOptionsOf, type Sender } from './mail-options.js';

/** The file of a message: named after its Message-ID, so a resend after a crash replaces it rather than adding one. */
export const emlFileName = (messageId: string) => `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;

export function emlTransport(dir: string, from: Sender): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    description: `.eml-bestanden in ${dir}`,
    async send(mail: OutgoingMail): Promise<string> {
      const file = join(dir, emlFileName(mail.messageId));
      const temporary = join(dir, 'tmp', `${emlFileName(mail.messageId)}.${process.pid}.tmp`);
      try {
        const info = (await composer.sendMail(mailOptionsOf(mail, from))) as { message: Buffer };
        await mkdir(join(dir, 'tmp'), { recursive: true });
        await writeFile(temporary, info.message, { flush: true });
        await rename(temporary, file);
      } catch (error) {
        // A full disk or a folder without write permission may be fixed: try again later.
        throw new MailDeliveryError(`kon het .eml-bestand niet schrijven: ${(error as Error).message}`, false);
      }
      return `bewaard als ${file}`;
    },
    close: () => composer.close(),
  };
}
