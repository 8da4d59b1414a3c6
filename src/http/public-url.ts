// Absolute URLs of this site, for feeds, sitemaps, JSON-LD, citations and status links. They are built
// from the configured PUBLIC_URL only: a request's Host or X-Forwarded-Host header is whatever the
// client says, and an answer built from it could be cached and served to everyone (cache poisoning).

/** The absolute URL of a path of this site, at its public origin ("https://praktijkbank.example.be"). */
export function absoluteUrl(publicUrl: string, path: string): string {
  return new URL(path, publicUrl).toString();
}
