// The Atom feed of a search: the newest published practices it finds, with a title that names the
// search. Text reaches the `feed` package prepared for how it writes XML (see xmlText, htmlText).
import { Feed } from 'feed';
import { FACETS, filterInWords } from '../../domain/facets.js';
import type { Practice } from '../../domain/practice.js';
import type { SearchQuery } from '../../domain/search-query.js';
import { THEMES, labelOf } from '../../domain/vocabulary.js';
import { paths } from '../../paths.js';
import { absoluteUrl } from '../public-url.js';
import { searchPagePath } from './export-presenter.js';
import { practicePageView } from './practice-presenter.js';
import { stateOf } from './search-presenter.js';

export const FEED_MAX_ENTRIES = 50;
export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

// Characters XML 1.0 cannot hold at all, not even escaped: they would make the whole feed unreadable.
// eslint-disable-next-line no-control-regex -- the control characters XML forbids are what this removes
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** For text elements: the library escapes < and >, but first turns "&amp;" back into "&"; pre-escaping & keeps a literal "&amp;". */
function xmlText(text: string): string {
  return text.replace(NOT_IN_XML, '').replace(/&/g, '&amp;');
}

/** For entry titles and summaries, which the library writes as type="html" in CDATA: escape as HTML. */
function htmlText(text: string): string {
  return text
    .replace(NOT_IN_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The practice as a feed reader shows it: the sections, what it costs and reaches, its evaluation,
 * materials, contact and source, from the same view as its page. Only what a change of content moves
 * (no rung on the ladder, no last check), so an entry's `updated` stays true of what it holds.
 */
export function entryContent(practice: Practice, origin: string): string {
  const view = practicePageView(practice, [], { materialHref: (m) => absoluteUrl(origin, paths.material(practice.slug, m)) });
  const parts: string[] = [];
  const heading = (text: string) => parts.push(`<h2>${htmlText(text)}</h2>`);
  const paragraph = (text: string) => parts.push(`<p>${htmlText(text)}</p>`);
  const list = (items: readonly string[]) => parts.push(`<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`);
  const link = (href: string, text: string) => `<a href="${htmlText(href)}">${htmlText(text)}</a>`;
  for (const section of view.sections) {
    heading(section.heading);
    section.paragraphs.forEach(paragraph);
  }
  if (view.means) {
    heading('Kosten en middelen');
    const { amount, covers, funding, staff } = view.means;
    list([
      ...(amount ? [`Kosten: ${htmlText(amount)}`] : []),
      ...(covers ? [`Wat het bedrag dekt: ${htmlText(covers)}`] : []),
      ...(funding.length ? [`Financiering: ${htmlText(funding.join(', '))}`] : []),
      ...(staff ? [`Personeelsinzet: ${htmlText(staff)}`] : []),
    ]);
  }
  if (view.reach) {
    heading('Bereik');
    paragraph(view.reach);
  }
  if (view.evaluation) {
    heading('Evaluatie');
    paragraph(view.evaluation.kind);
    view.evaluation.paragraphs.forEach(paragraph);
    if (view.evaluation.url) parts.push(`<p>${link(view.evaluation.url, 'Lees de evaluatie')}</p>`);
  }
  if (view.materials.length) {
    heading('Materiaal om mee te starten');
    list(view.materials.map((m) => `${m.href ? link(m.href, m.title) : htmlText(m.title)} (${htmlText(`${m.typeLabel}, ${m.size}`)})`));
  }
  if (view.contact) {
    heading('Contact');
    const { name, role, organisation, email } = view.contact;
    paragraph([name, role, organisation].filter(Boolean).join(', '));
    if (email) parts.push(`<p>${link(`mailto:${email}`, email)}</p>`);
  }
  heading('Bron');
  paragraph([view.source.title, view.source.publisher, view.sourceDate?.label].filter(Boolean).join(', '));
  if (view.source.url) parts.push(`<p>${link(view.source.url, view.source.url)}</p>`);
  return parts.join('\n');
}

/** The search in words: `zoekterm “mantelzorg”, thema Armoedebestrijding of Gezinsondersteuning`. */
export function searchDescription(query: SearchQuery): string {
  const parts = query.q ? [`zoekterm “${query.q}”`] : [];
  for (const f of FACETS) {
    const values = query[f.key];
    if (values.length > 0) parts.push(f.flag ? filterInWords(f, values) : `${f.label.toLowerCase()} ${values.map((v) => f.labelOf(v)).join(' of ')}`);
  }
  return parts.join(', ');
}

/** "Praktijkbank – nieuwe praktijken: thema Armoedebestrijding"; without a search, all new practices. */
export function feedTitle(query: SearchQuery): string {
  const description = searchDescription(query);
  return `Praktijkbank – nieuwe praktijken${description ? `: ${description}` : ''}`;
}

/** The feed's own path for a search: no page, pageSize or sort, which a feed does not use. */
export function feedPath(query: SearchQuery): string {
  return paths.feed({ ...stateOf(query), pageSize: undefined });
}

const dateOf = (iso: string | undefined): Date | undefined => {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

export interface FeedInput {
  readonly query: SearchQuery;
  /** The practices the search finds, newest publication first; the feed takes the first 50. */
  readonly practices: readonly Practice[];
  /** When the catalogue last changed: the feed's `updated` when no entry says otherwise. */
  readonly catalogueUpdatedAt: string | undefined;
  readonly origin: string;
}

/** The Atom 1.0 document. The same catalogue gives the same bytes, so ETags work for feed readers. */
export function atomFeed({ query, practices, catalogueUpdatedAt, origin }: FeedInput): string {
  const entries = practices.slice(0, FEED_MAX_ENTRIES);
  const updated = entries.map((p) => p.updatedAt).sort().at(-1) ?? catalogueUpdatedAt;
  const selfUrl = absoluteUrl(origin, feedPath(query));
  const feed = new Feed({
    id: selfUrl,
    title: xmlText(feedTitle(query)),
    description: xmlText(`De nieuwste gepubliceerde praktijken (hoogstens ${FEED_MAX_ENTRIES}) van Praktijkbank voor deze zoekopdracht.`),
    link: absoluteUrl(origin, searchPagePath({ ...query, sort: 'newest' })),
    feed: selfUrl,
    updated: dateOf(updated) ?? new Date(0),
    language: 'nl',
    generator: 'Praktijkbank',
    author: { name: 'Praktijkbank', link: absoluteUrl(origin, paths.home()) },
  });
  for (const practice of entries) {
    const url = absoluteUrl(origin, paths.practice(practice.slug));
    feed.addItem({
      // The slug of a practice never changes, so its address is a stable id.
      id: url,
      link: url,
      title: htmlText(practice.title),
      description: htmlText(practice.summary),
      content: entryContent(practice, origin),
      date: dateOf(practice.updatedAt) ?? new Date(0),
      published: dateOf(practice.publishedAt),
      category: practice.themes.map((theme) => ({ term: theme, name: labelOf(THEMES, theme) })),
    });
  }
  return feed.atom1();
}
