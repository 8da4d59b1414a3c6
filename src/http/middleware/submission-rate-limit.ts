// Submissions per client address: generous for a person (a form takes minutes), tight for a script.
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../errors.js';

export const SUBMISSION_POSTS_PER_HOUR = 60;

export function submissionRateLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60 * 60_000,
    limit: SUBMISSION_POSTS_PER_HOUR,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(new HttpError(429, 'too_many_requests', 'Er kwamen te veel inzendingen van uw adres. Wacht een uur en probeer het dan opnieuw. Wat u invulde, is niet verloren als u de pagina openhoudt.'));
    },
  });
}
