// Logging in and out of the moderators' area.
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { authenticateModerator } from '../../domain/moderators.js';
import type { ModeratorRepository } from '../../store/moderator-repository.js';
import type { SessionCookieFlags } from '../middleware/session.js';
import { beheerPaths, localBeheerPath } from '../beheer-paths.js';

export const LOGIN_FAILED_MESSAGE = 'Het e-mailadres of wachtwoord klopt niet.';

// A field sent twice, or not at all, is read as empty rather than as an error page.
const text = z.string().catch('');
const loginForm = z.object({ email: text.transform((s) => s.trim()), password: text, returnTo: text });
type LoginForm = z.infer<typeof loginForm>;

interface FieldError {
  readonly field: 'email' | 'password';
  readonly message: string;
}

export interface AuthControllerOptions {
  readonly moderators: ModeratorRepository;
  /** Options for clearing the session cookie at logout: the same name, path and flags it was set with. */
  readonly cookie: { readonly name: string; readonly options: SessionCookieFlags };
  readonly now?: () => Date;
}

function renderLogin(res: Response, status: number, form: { email: string; returnTo: string | undefined }, errors: readonly FieldError[], notice?: string): void {
  res.status(status).render('beheer/login', {
    pageTitle: 'Inloggen voor moderatoren',
    action: beheerPaths.login(),
    email: form.email,
    returnTo: form.returnTo ?? '',
    errors,
    notice,
  });
}

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));

export function authController({ moderators, cookie, now = () => new Date() }: AuthControllerOptions) {
  return {
    showLogin(req: Request, res: Response): void {
      const returnTo = localBeheerPath(req.query.returnTo);
      if (req.session.moderatorId !== undefined) {
        res.redirect(303, returnTo ?? beheerPaths.home());
        return;
      }
      const notice = req.query.uitgelogd === '1' ? 'U bent uitgelogd.' : undefined;
      renderLogin(res, 200, { email: '', returnTo }, [], notice);
    },

    async login(req: Request, res: Response): Promise<void> {
      const form: LoginForm = loginForm.parse(req.body ?? {});
      const returnTo = localBeheerPath(form.returnTo);
      const missing: FieldError[] = [];
      if (form.email === '') missing.push({ field: 'email', message: 'Vul uw e-mailadres in.' });
      if (form.password === '') missing.push({ field: 'password', message: 'Vul uw wachtwoord in.' });
      if (missing.length > 0) {
        renderLogin(res, 400, { email: form.email, returnTo }, missing);
        return;
      }

      const at = now();
      const result = await authenticateModerator(moderators, form.email, form.password, at);
      if (!result.ok) {
        const message =
          result.reason === 'locked'
            ? `Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over ${minutesUntil(result.lockedUntil, at)} opnieuw.`
            : LOGIN_FAILED_MESSAGE;
        renderLogin(res, 400, { email: form.email, returnTo }, [{ field: 'email', message }]);
        return;
      }

      // A new session id at login: an id planted before the login (session fixation) is worthless.
      await regenerate(req);
      req.session.moderatorId = result.moderator.id;
      req.session.loggedInAt = at.getTime();
      res.redirect(303, returnTo ?? beheerPaths.home());
    },

    logout(req: Request, res: Response, next: NextFunction): void {
      req.session.destroy((error: unknown) => {
        if (error) {
          next(error);
          return;
        }
        res.clearCookie(cookie.name, cookie.options);
        res.redirect(303, beheerPaths.loggedOut());
      });
    },
  };
}

function minutesUntil(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return minutes === 1 ? '1 minuut' : `${minutes} minuten`;
}
