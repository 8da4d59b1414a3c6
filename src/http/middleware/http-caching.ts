// HTTP caching of the public pages, so a caching proxy (nginx, a CDN) can carry most of the reads.
// A public answer is the same for every visitor until the catalogue changes, so its ETag is made from
// the catalogue version, this process's start and the path and query asked for (never the Host: every
// absolute URL comes from PUBLIC_URL, so the answer is the same whatever host a request names): a browser or proxy that
// holds the current version gets a 304 before anything is searched or rendered. Browsers always ask
// again (max-age=0); shared caches may serve a copy for a minute.
import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import onHeaders from 'on-headers';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';
// What a page personal to one visitor gets: a moderator's view, a form with a session's CSRF token.
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

// Addresses whose answers are personal or live: they set their own Cache-Control (or none).
const NOT_PUBLIC = /^\/(beheer|indienen|healthz|assets)(\/|$)/;

/** Marks this answer as personal to the visitor: no shared cache keeps it and no version ETag applies. */
export function keepPrivate(res: Response): void {
  if (res.headersSent) return;
  // no-store (the moderation area) is stricter already.
  if (res.get('Cache-Control') !== 'no-store') res.set('Cache-Control', PRIVATE_CACHE_CONTROL);
  res.removeHeader('ETag');
}

export interface HttpCachingOptions {
  /** The version of the public catalogue: any change to it changes every public answer. */
  readonly catalogueVersion: () => number | string;
}

export function httpCaching({ catalogueVersion }: HttpCachingOptions): RequestHandler {
  // Templates, code and configuration can change between two runs of the same catalogue version.
  const runId = randomUUID().slice(0, 8);
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PUBLIC.test(req.path)) {
      next();
      return;
    }
    if (req.session?.moderatorId !== undefined) {
      keepPrivate(res);
      next();
      return;
    }
    res.set('Cache-Control', PUBLIC_CACHE_CONTROL);
    res.set('ETag', versionTag(req, runId, catalogueVersion()));
    // An error, a refusal or a redirect is not a public copy to keep.
    onHeaders(res, () => {
      if (res.statusCode >= 300 && res.statusCode !== 304) {
        res.removeHeader('ETag');
        res.setHeader('Cache-Control', 'no-cache');
      }
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    next();
  };
}

function versionTag(req: Request, runId: string, version: number | string): string {
  const address = createHash('sha256').update(req.originalUrl).digest('base64url').slice(0, 16);
  return `W/"${runId}-${version}-${address}"`;
}
