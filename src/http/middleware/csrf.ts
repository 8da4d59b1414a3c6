// CSRF protection without stored state for visitors (csrf-csrf, the signed double-submit cookie
// pattern): the form's hidden `_csrf` field (or, for scripts, the X-CSRF-Token header) must equal the
// token in a cookie, and that token must carry the server's signature. Nothing is stored for an
// anonymous visitor, so no one can grow the database by opening forms. Once a moderator has a session
// (after the password), tokens are bound to that session's id, so a token from before the login, or
// from another session, is refused. Applied app-wide, so no POST route can forget it.
import type { Request, RequestHandler } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../../config.js';
import { HttpError } from '../errors.js';
import { signingKey } from '../signing-keys.js';
import { keepPrivate } from './http-caching.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_MESSAGE = 'Uw sessie is verlopen of het formulier is ongeldig. Laad de pagina opnieuw en probeer het nog eens.';

/** `__Host-` binds the cookie to our exact origin over HTTPS; plain-http localhost cannot carry it. */
export function csrfCookieName(config: Pick<Config, 'env'>): string {
  return config.env === 'production' ? '__Host-praktijkbank-formulier' : 'praktijkbank-formulier';
}

function tokenFromRequest(req: Request): string | undefined {
  const body: unknown = req.body;
  if (typeof body === 'object' && body !== null) {
    const field = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof field === 'string') return field;
  }
  const header = req.get('x-csrf-token');
  return typeof header === 'string' ? header : undefined;
}

// A visitor without a session shares one identifier: the cookie, which another site cannot set or
// read, is what ties a form to its browser. A session (a moderator, or a login half done) binds it.
const ANONYMOUS = 'anonymous';
function sessionIdentifierOf(req: Request): string {
  const session = req.session as Partial<typeof req.session> | undefined;
  const hasLogin = session?.moderatorId !== undefined || session?.pendingLogin !== undefined;
  return hasLogin ? `session:${req.sessionID}` : ANONYMOUS;
}

export interface CsrfMiddleware {
  /** Refuses every POST, PUT, PATCH and DELETE without a valid token: 403 with a Dutch page (or JSON under /api). */
  readonly protection: RequestHandler;
  /** Gives every view `csrfToken()`, which sets the token cookie on first use. */
  readonly locals: RequestHandler;
  /** Whether the request carries a valid token now: an upload checks it before writing any file. */
  readonly isValid: (req: Request) => boolean;
}

export function csrf(config: Pick<Config, 'env' | 'sessionSecret'>): CsrfMiddleware {
  // Derived once: csrf-csrf asks for the secret on every request.
  const secret = signingKey(config.sessionSecret, 'csrf');
  const { doubleCsrfProtection, generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: sessionIdentifierOf,
    cookieName: csrfCookieName(config),
    // Lax, like the session: a visitor following a link to a form must get one that works.
    cookieOptions: { sameSite: 'lax', path: '/', secure: config.env === 'production', httpOnly: true },
    getCsrfTokenFromRequest: tokenFromRequest,
  });

  const protection: RequestHandler = (req, res, next) => {
    doubleCsrfProtection(req, res, (error?: unknown) => {
      if (error) {
        next(new HttpError(403, 'forbidden', CSRF_MESSAGE));
        return;
      }
      // The token has done its work; form schemas downstream need not know about it.
      if (typeof req.body === 'object' && req.body !== null) delete (req.body as Record<string, unknown>)[CSRF_FIELD];
      next();
    });
  };

  const locals: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = (): string => {
      // A page with this visitor's token in it is for this visitor only.
      keepPrivate(res);
      return generateCsrfToken(req, res);
    };
    next();
  };

  return { protection, locals, isValid: (req) => validateRequest(req) };
}
