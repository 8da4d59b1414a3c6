// Absolute URLs of this site, for feeds, sitemaps, JSON-LD, citations and status links. They are built
// from the configured PUBLIC_URL only: a request's Host or X-Forwarded-Host header is whatever the
// client says, and an answer built from it could be cached and served to everyone (cache poisoning).
import type { SiteLinks } from '../domain/outbox.js';
import { paths } from '../paths.js';
import { beheerPaths } from './beheer-paths.js';

/** The absolute URL of a path of this site, at its public origin ("https://praktijkbank.example.be"). */
export function absoluteUrl(publicUrl: string, path: string): string {
  return new URL(path, publicUrl).toString();
}

/** The absolute links that go into mail: every one from PUBLIC_URL. */
export function siteLinksOf(publicUrl: string): SiteLinks {
  return {
    home: absoluteUrl(publicUrl, paths.home()),
    practice: (slug) => absoluteUrl(publicUrl, paths.practice(slug)),
    submissionStatus: (token) => absoluteUrl(publicUrl, paths.submissionStatus(token)),
    absolute: (path) => absoluteUrl(publicUrl, path),
    beheer: {
      queue: absoluteUrl(publicUrl, beheerPaths.home()),
      notices: absoluteUrl(publicUrl, beheerPaths.notices()),
      practice: (id) => absoluteUrl(publicUrl, beheerPaths.practice(id)),
      update: (id) => absoluteUrl(publicUrl, beheerPaths.update(id)),
      adoptions: absoluteUrl(publicUrl, beheerPaths.adoptions()),
    },
  };
}
