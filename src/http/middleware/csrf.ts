// CSRF protection with the synchronizer token pattern (csrf-sync): one secret token per session,
// sent back by every form that changes something in the hidden field `_csrf` (or, for scripts, the
// X-CSRF-Token header). Applied app-wide, so no POST route can forget it.
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { HttpError } from '../errors.js';
import { keepPrivate } from './http-caching.js';
import { PUBLIC_SESSION_MAX_AGE_MS } from './session.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_MESSAGE = 'Uw sessie is verlopen of het formulier is ongeldig. Laad de pagina opnieuw en probeer het nog eens.';

function tokenFromRequest(req: Request): string | undefined {
  const body: unknown = req.body;
  if (typeof body === 'object' && body !== null) {
    const field = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof field === 'string') return field;
  }
  const header = req.get('x-csrf-token');
  return typeof header === 'string' ? header : undefined;
}

const { csrfSynchronisedProtection, generateToken } = csrfSync({ getTokenFromRequest: tokenFromRequest });

/** Refuses every POST, PUT, PATCH and DELETE without the session's token: 403 with a Dutch page (or JSON under /api). */
export const csrfProtection: RequestHandler = (req, res, next) => {
  csrfSynchronisedProtection(req, res, (error?: unknown) => {
    if (error) {
      next(new HttpError(403, 'forbidden', CSRF_MESSAGE));
      return;
    }
    // The token has done its work; form schemas downstream need not know about it.
    if (typeof req.body === 'object' && req.body !== null) delete (req.body as Record<string, unknown>)[CSRF_FIELD];
    next();
  });
};

/**
 * Gives every view `csrfToken()`. Called in a form, it creates the session's token (and so the
 * session and its cookie) on first use; pages without a form create no session at all.
 */
export const csrfLocals: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = (): string => {
    // A page with this session's token in it is for this visitor only.
    keepPrivate(res);
    if (req.session.moderatorId === undefined && req.session.csrfToken === undefined) {
      req.session.cookie.maxAge = PUBLIC_SESSION_MAX_AGE_MS;
    }
    return generateToken(req);
  };
  next();
};
