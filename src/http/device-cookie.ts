// The known-device cookie: a random token set after a full login, so that this browser's next logins
// are counted against this browser alone and not slowed down by attempts on the account from elsewhere.
import type { Request, Response } from 'express';
import { DEVICE_LIFETIME_MS } from '../domain/known-devices.js';

export interface DeviceCookie {
  /** The token this request carries, if any. */
  read(req: Request): string | undefined;
  /** Sets (or renews for another lifetime) the cookie with this token. */
  write(res: Response, token: string): void;
}

/**
 * `__Host-` over HTTPS binds the cookie to our exact origin, so a neighbouring subdomain cannot
 * overwrite it; SameSite=Strict, because only our own login form ever needs it.
 */
export function deviceCookie({ secure }: { secure: boolean }): DeviceCookie {
  const name = secure ? '__Host-praktijkbank-apparaat' : 'praktijkbank-apparaat';
  return {
    read(req) {
      // cookie-parser (app.ts) has read the Cookie header; a cookie sent twice counts by its first value.
      const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
      // The token is base64url; anything else is not ours.
      return typeof value === 'string' && /^[A-Za-z0-9_-]+$/.test(value) ? value : undefined;
    },
    write(res, token) {
      res.cookie(name, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: DEVICE_LIFETIME_MS });
    },
  };
}
