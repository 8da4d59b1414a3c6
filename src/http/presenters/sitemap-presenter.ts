// The sitemap (sitemaps.org 0.9) and robots.txt: what search engines may read, and where everything is.
import type { Practice } from '../../domain/practice.js';
import { paths } from '../../paths.js';
import { absoluteUrl } from '../public-url.js';
import { latestChangeOf } from './linked-data.js';

export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** The public pages that are not a practice; those that list practices change when the catalogue does. */
const PAGES: readonly { path: string; followsCatalogue: boolean }[] = [
  { path: paths.home(), followsCatalogue: true },
  { path: paths.practices(), followsCatalogue: true },
  { path: paths.statistics(), followsCatalogue: true },
  { path: paths.about(), followsCatalogue: false },
  { path: paths.evidenceLevels(), followsCatalogue: false },
  { path: paths.openData(), followsCatalogue: true },
  { path: paths.apiDocs(), followsCatalogue: false },
  { path: paths.submit(), followsCatalogue: false },
  { path: paths.privacy(), followsCatalogue: false },
  { path: paths.accessibility(), followsCatalogue: false },
];

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A W3C datetime as sitemaps.org wants it; undefined for an unreadable moment. */
function lastmodOf(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function urlEntry(loc: string, lastmod: string | undefined): string {
  return `  <url><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`;
}

/** Every public page and every published practice (never a pending one: the catalogue holds none). */
export function sitemapXml(practices: readonly Practice[], origin: string): string {
  const catalogueChanged = lastmodOf(latestChangeOf(practices));
  const entries = [
    ...PAGES.map((p) => urlEntry(absoluteUrl(origin, p.path), p.followsCatalogue ? catalogueChanged : undefined)),
    ...practices.map((p) => urlEntry(absoluteUrl(origin, paths.practice(p.slug)), lastmodOf(p.updatedAt))),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
}

/** Everything may be read except moderation and the submitters' private status links. */
export function robotsTxt(origin: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /beheer',
    'Disallow: /indienen/status/',
    // The confirmation links of "wij doen dit ook" are private, like status links.
    'Disallow: /wij-doen-dit-ook/',
    // The yearly check's signed links ("Klopt uw praktijk nog?") too.
    'Disallow: /nakijken/',
    '',
    `Sitemap: ${absoluteUrl(origin, paths.sitemap())}`,
    '',
  ].join('\n');
}
