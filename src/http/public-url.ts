// The scheme and host a request was made to, for the absolute URLs that feeds and exports need.
// Behind a proxy, X-Forwarded-Proto and -Host count only when TRUST_PROXY names that proxy.
import type { Request } from 'express';
import { BadRequest } from './errors.js';

/** "https://praktijkbank.example" for a request to that host; a Host header that is no host is a 400. */
export function originOf(req: Request): string {
  const host = req.host;
  if (host && /^[a-z0-9.\-[\]:]+$/i.test(host)) {
    try {
      return new URL(`${req.protocol}://${host}`).origin;
    } catch {
      // falls through to the 400 below
    }
  }
  throw new BadRequest('Het verzoek noemt geen geldige host.');
}

/** The absolute URL of a path of this site. */
export function absoluteUrl(origin: string, path: string): string {
  return new URL(path, origin).toString();
}
