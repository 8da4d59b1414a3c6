// Structured logs: one JSON line per event on stdout (pino), for journald or any log shipper. What
// may never be in them: passwords, codes, cookies, CSRF tokens, status-link tokens, e-mail addresses.
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly LevelWithSilent[];
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A second line of defence: the request and response serializers log only chosen fields, and any of
 * these that still slip into a log object are replaced. Events name moderators by id, never by address.
 * (Not `code`: errors carry their SQLite code there; the one-time login code is in the form body,
 * which is never logged.)
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  'email',
  'token',
  'secret',
  '_csrf',
  '*.password',
  '*.email',
  '*.contactEmail',
  '*.token',
  '*.secret',
  '*._csrf',
];

// A match may only start where a run of address characters starts (the lookbehind): otherwise every
// position of a long run without '@' starts a scan to its end, and one 16 KB URL costs a second of CPU.
const EMAIL = /(?<![^\s/?&=@])[^\s/?&=@]+@[^\s/?&=@]+\.[^\s/?&=@]+/g;
const EMAIL_ENCODED = /(?<![^\s/?&=@%])[^\s/?&=@%]+%40[^\s/?&=@]+\.[^\s/?&=@]+/gi;
// The private status link of a submission is a bearer token: anyone who reads it can edit the practice.
// So is a moderator's enrolment link (/beheer/inschrijven/:token), together with the password.
const STATUS_TOKEN = /(\/indienen\/status\/|\/beheer\/inschrijven\/)[^/?#]+/g;

/** A request address as it may be logged: status-link tokens and e-mail addresses blanked out. */
export function loggableUrl(url: string): string {
  return url.replace(STATUS_TOKEN, '$1[token]').replace(EMAIL_ENCODED, '[e-mail]').replace(EMAIL, '[e-mail]');
}

export function createLogger({ level = 'info', destination }: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level,
      base: { app: 'praktijkbank' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[verborgen]' },
      // Errors keep their cause chain (pino's err serializer follows `cause`).
      serializers: { err: pino.stdSerializers.err },
    },
    // Synchronous: a line logged just before the process exits (a fatal start error, a stop) is not lost.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
