// Limits per client address, in this process's memory. Behind a reverse proxy the address is only
// right when TRUST_PROXY names that proxy (see README, Moderators).
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../errors.js';

export const LOGIN_ATTEMPTS_PER_WINDOW = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * Failed logins per address: the eleventh within a quarter of an hour gets a 429. Successful logins
 * do not count, so colleagues behind one office address do not lock each other out.
 */
export function loginRateLimit(): RequestHandler {
  return rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_ATTEMPTS_PER_WINDOW,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(new HttpError(429, 'too_many_requests', 'U hebt te vaak geprobeerd in te loggen. Wacht een kwartier en probeer het dan opnieuw.'));
    },
  });
}
