// Sends through an SMTP server: smtp:// upgrades with STARTTLS when the server offers it, smtps:// is TLS from the start.
import nodemailer from 'nodemailer';
import { MailDeliveryError, type MailTransport, type OutgoingMail } from '../domain/outbox.js';
import { mailOptionsOf, type Sender } from './mail-options.js';

interface SmtpError {
  readonly responseCode?: number;
  readonly response?: string;
  readonly code?: string;
  readonly message?: string;
}

/** The server's answer or the connection's failure, for the outbox; never with credentials (nodemailer puts none in). */
function deliveryErrorOf(error: unknown): MailDeliveryError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const answer = e.response ?? [e.code, e.message].filter(Boolean).join(': ');
  // 5xx: the server refused for good (unknown recipient, policy); 4xx and connection trouble may pass.
  const permanent = e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600;
  return new MailDeliveryError(answer || 'onbekende fout bij het verzenden', permanent);
}

export function smtpTransport(smtpUrl: string, from: Sender, timeoutMs: number): MailTransport {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? (secure ? 465 : 587) : Number(url.port);
  const transporter = nodemailer.createTransport({
    host,
    port,
    secure,
    auth: url.username === '' ? undefined : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    description: `${url.protocol}//${host}:${port}`,
    async send(mail: OutgoingMail): Promise<string> {
      try {
        const info = (await transporter.sendMail(mailOptionsOf(mail, from))) as { response?: string };
        return info.response ?? '250';
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
    close: () => transporter.close(),
  };
}
