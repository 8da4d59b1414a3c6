// What an export of a search holds: the columns of the CSV (named after the API field each comes from)
// and the pieces of the streamed JSON document. Both pick fields through practiceApiView, so the
// private contact e-mail cannot leak into an export either.
import type { Practice } from '../../domain/practice.js';
import { FACET_KEYS, type SearchQuery, type Sort } from '../../domain/search-query.js';
import { paths, type QueryState } from '../../paths.js';
import { absoluteUrl } from '../public-url.js';
import { practiceApiView } from './practice-api-presenter.js';
import { stateOf } from './search-presenter.js';
import { calendarDayOf } from '../../domain/calendar.js';

/** Joins the values of a multi-valued field in one cell. */
export const CSV_SEPARATOR = ' | ';

type ApiView = ReturnType<typeof practiceApiView>;

interface Column {
  readonly name: string;
  readonly value: (practice: ApiView, origin: string) => string | number | boolean | null | readonly (string | number)[];
}

// Vocabulary fields hold their stable values (as in the API and the filters), not their labels.
export const CSV_COLUMNS: readonly Column[] = [
  { name: 'slug', value: (p) => p.slug },
  { name: 'url', value: (p, origin) => absoluteUrl(origin, p.url) },
  { name: 'title', value: (p) => p.title },
  { name: 'summary', value: (p) => p.summary },
  { name: 'sections.aanleiding', value: (p) => p.sections.aanleiding ?? null },
  { name: 'sections.aanpak', value: (p) => p.sections.aanpak ?? null },
  { name: 'sections.resultaten', value: (p) => p.sections.resultaten ?? null },
  { name: 'sections.leerpunten', value: (p) => p.sections.leerpunten ?? null },
  { name: 'themes', value: (p) => p.themes },
  { name: 'targetGroups', value: (p) => p.targetGroups },
  { name: 'lifeDomains', value: (p) => p.lifeDomains },
  { name: 'scale', value: (p) => p.scale },
  { name: 'municipalities.nisCode', value: (p) => p.municipalities.map((m) => m.nisCode) },
  { name: 'municipalities.name', value: (p) => p.municipalities.map((m) => m.name) },
  { name: 'provinces', value: (p) => p.provinces },
  { name: 'period.startYear', value: (p) => p.period.startYear },
  { name: 'period.endYear', value: (p) => p.period.endYear },
  { name: 'period.ongoing', value: (p) => p.period.ongoing },
  { name: 'partners', value: (p) => p.partners },
  { name: 'links.url', value: (p) => p.links.map((l) => l.url) },
  { name: 'source.title', value: (p) => p.source.title },
  { name: 'source.publisher', value: (p) => p.source.publisher },
  { name: 'source.url', value: (p) => p.source.url },
  { name: 'source.note', value: (p) => p.source.note },
  { name: 'contactOrganisation', value: (p) => p.contactOrganisation },
  { name: 'contactEmail', value: (p) => p.contactEmail },
  { name: 'publishedAt', value: (p) => p.publishedAt },
  { name: 'updatedAt', value: (p) => p.updatedAt },
  // Issue 12, after the columns that were there, so a program that reads columns by position still works.
  { name: 'workingElements', value: (p) => p.workingElements },
  { name: 'transferability', value: (p) => p.transferability },
  { name: 'costs.amountEur', value: (p) => p.costs.amountEur },
  { name: 'costs.period', value: (p) => p.costs.period },
  { name: 'costs.note', value: (p) => p.costs.note },
  { name: 'funding', value: (p) => p.funding },
  { name: 'staffFte', value: (p) => p.staffFte },
  { name: 'reach.count', value: (p) => p.reach.count },
  { name: 'reach.unit', value: (p) => p.reach.unit },
  { name: 'reach.year', value: (p) => p.reach.year },
  { name: 'evaluation.kind', value: (p) => p.evaluation.kind },
  { name: 'evaluation.summary', value: (p) => p.evaluation.summary },
  { name: 'evaluation.url', value: (p) => p.evaluation.url },
  { name: 'contact.name', value: (p) => p.contact.name },
  { name: 'contact.role', value: (p) => p.contact.role },
  { name: 'source.date', value: (p) => p.source.date },
  { name: 'lastVerifiedAt', value: (p) => p.lastVerifiedAt },
  { name: 'evidenceLevel.level', value: (p) => p.evidenceLevel?.level ?? null },
  { name: 'evidenceLevel.justification', value: (p) => p.evidenceLevel?.justification ?? null },
  { name: 'evidenceLevel.decidedAt', value: (p) => p.evidenceLevel?.decidedAt ?? null },
  { name: 'completeness.score', value: (p) => p.completeness.score },
  { name: 'completeness.missing', value: (p) => p.completeness.missing },
  // Approved "wij doen dit ook" adoptions as NIS code and start year, "44021:2025 | 41002:2023" (the API's adoptions).
  { name: 'adoptions', value: (p) => p.adoptions.map((a) => `${a.municipality.nisCode}:${a.since}`) },
];

export const CSV_HEADER: readonly string[] = CSV_COLUMNS.map((c) => c.name);

function cell(value: ReturnType<Column['value']>): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(CSV_SEPARATOR);
  return String(value);
}

/** One CSV row per practice, made only when the stream asks for it. */
export function* csvRows(practices: Iterable<Practice>, origin: string): Generator<string[]> {
  for (const practice of practices) {
    const view = practiceApiView(practice);
    yield CSV_COLUMNS.map((c) => cell(c.value(view, origin)));
  }
}

/** The search an export answers, every parameter spelled out (page and pageSize do not apply). */
export function exportQueryOf(query: SearchQuery, sort: Sort): Record<string, string | readonly string[]> {
  return { q: query.q, sort, ...Object.fromEntries(FACET_KEYS.map((key) => [key, query[key]])) };
}

/**
 * The JSON export as chunks of one document, `{ generatedAt, query, total, items: [...] }`, each item
 * in the API's shape, serialised only when the stream asks for it.
 */
export function* jsonChunks(practices: readonly Practice[], header: { generatedAt: string; query: Record<string, unknown>; searchUrl: string }): Generator<string> {
  const head = JSON.stringify({ generatedAt: header.generatedAt, query: header.query, searchUrl: header.searchUrl, total: practices.length });
  yield `${head.slice(0, -1)},"items":[`;
  let first = true;
  for (const practice of practices) {
    yield `${first ? '' : ','}\n${JSON.stringify(practiceApiView(practice))}`;
    first = false;
  }
  yield '\n]}\n';
}


/** "praktijkbank-2026-11-25.csv": the day of the export, in Belgian time. */
export function exportFilename(extension: 'csv' | 'json' | 'xlsx', now = new Date()): string {
  return `praktijkbank-${calendarDayOf(now)}.${extension}`;
}

/** The state an export carries: the search and its sort, without page and pageSize. */
export function exportState(query: SearchQuery): QueryState {
  return { ...stateOf(query, query.sort), pageSize: undefined };
}

/** The results page of the search an export holds. */
export function searchPagePath(query: SearchQuery): string {
  return paths.practices(exportState(query));
}
