// Flood protection for the login forms, per client address, in this process's memory. It is not the
// defence against guessing — that is the slow-down in domain/login-throttle.ts, kept in SQLite — but a
// ceiling no office reaches by typing: it stops one address from queueing up password checks (each
// costs an argon2 hash) faster than they can be refused. Behind a reverse proxy the address is only right
// when TRUST_PROXY names that proxy (see README, Moderators).
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../errors.js';

export const LOGIN_FLOOD_LIMIT = 100;
export const LOGIN_FLOOD_WINDOW_MS = 60_000;

/**
 * More than 100 failed login requests (password, code or enrolment) from one address within a minute
 * get a 429 for the rest of that minute. Successful logins do not count, and a request from a known
 * device of the account it logs into is never refused: colleagues behind one office address, and a
 * moderator whose account is under attack, still get in.
 */
export function loginFloodLimit({ exempt }: { exempt: (req: Request) => boolean }): RequestHandler {
  return rateLimit({
    windowMs: LOGIN_FLOOD_WINDOW_MS,
    limit: LOGIN_FLOOD_LIMIT,
    skipSuccessfulRequests: true,
    skip: exempt,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(new HttpError(429, 'too_many_requests', 'Van uw adres kwamen te veel mislukte aanmeldpogingen na elkaar. Wacht een minuut en probeer het dan opnieuw.'));
    },
  });
}
