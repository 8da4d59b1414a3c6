// The figures of the statistics page: practices per theme, province, start year, target group and
// evidence level, and how many name a contact person or offer material.
// They are the facet counts of the search for the same query, so a chart never disagrees with the
// counts beside the filters of the results page.
import type { FacetValue, SearchResult } from './catalogue.js';
import { facet } from './facets.js';
import { FIRST_YEAR, LAST_YEAR, type PracticeInput, provincesOf } from './practice.js';
import { FLAG_ON, type FacetKey, MAX_FILTER_VALUES, type QueryProblem } from './search-query.js';

/** The tables that are one facet's counts each. */
export const FACET_TABLES = ['theme', 'province', 'startYear', 'targetGroup', 'evidenceLevel', 'adoptedBy'] as const satisfies readonly FacetKey[];
export type FacetTable = (typeof FACET_TABLES)[number];
/** `copyable`: how many practices name a contact person and offer material, from the flag filters' counts. */
export const STATISTICS_TABLES = [...FACET_TABLES, 'copyable'] as const;
export type StatisticsTable = (typeof STATISTICS_TABLES)[number];

/** The flags the copyable table counts, in its row order. */
const COPYABLE_FLAGS = ['hasContact', 'hasMaterials'] as const satisfies readonly FacetKey[];

export function isStatisticsTable(value: string): value is StatisticsTable {
  return (STATISTICS_TABLES as readonly string[]).includes(value);
}

export interface StatisticsRow {
  readonly value: string;
  readonly label: string;
  readonly count: number;
  /** The value is one of the query's own filters. */
  readonly selected: boolean;
  /** Share of the result's practices, as a whole percentage; only where a row is a part of the whole. */
  readonly share?: number;
}

export interface StatisticsTableData {
  readonly key: StatisticsTable;
  readonly rows: readonly StatisticsRow[];
  /** Whether the query filters on this facet: its counts then ignore that filter (facets are disjunctive). */
  readonly filtered: boolean;
  /** Published practices in the result without any value for this facet, where that can be known. */
  readonly withoutValue: number | undefined;
}

const row = ({ value, label, count, selected }: FacetValue): StatisticsRow => ({ value, label, count, selected });

/** One table of figures from a search result: exactly its facet counts; years in chronological order. */
export function statisticsTable(result: SearchResult, key: StatisticsTable): StatisticsTableData {
  if (key === 'copyable') return copyableTable(result);
  const values = result.facets[key];
  const rows = key === 'startYear' ? [...values].sort((a, b) => Number(a.value) - Number(b.value)).map(row) : values.map(row);
  const filtered = result.query[key].length > 0;
  // A practice has at most one start year, so without a year filter the rest of the total has none.
  const withoutValue = key === 'startYear' && !filtered ? result.total - rows.reduce((sum, r) => sum + r.count, 0) : undefined;
  return { key, rows, filtered, withoutValue };
}

/**
 * How many practices of the result name a contact person, and how many offer material. A flag has one
 * value, so its count ignoring its own filter is its count within the result: the share is of the total.
 */
function copyableTable(result: SearchResult): StatisticsTableData {
  const rows = COPYABLE_FLAGS.map((key) => {
    const definition = facet(key);
    const count = result.facets[key].find((v) => v.value === FLAG_ON)?.count ?? 0;
    const share = result.total === 0 ? 0 : Math.round((count / result.total) * 100);
    return { value: key, label: definition.labelOf(FLAG_ON), count, selected: result.query[key].length > 0, share };
  });
  return { key: 'copyable', rows, filtered: false, withoutValue: undefined };
}

export function statisticsOf(result: SearchResult): StatisticsTableData[] {
  return STATISTICS_TABLES.map((key) => statisticsTable(result, key));
}

/** The Dutch name of a table's facet ("Thema"). */
export function statisticsLabel(key: StatisticsTable): string {
  return key === 'copyable' ? 'Om over te nemen' : facet(key).label;
}

/** Where practices spread ("wij doen dit ook"): approved adoptions, the practices taken over at least once, and by how many municipalities. */
export interface AdoptionFigures {
  readonly adoptions: number;
  readonly practicesAdopted: number;
  readonly municipalities: number;
}

/** The adoption figures of these practices (a search's whole result, not one page). */
export function adoptionFiguresOf(practices: Iterable<{ readonly adoptions?: readonly { readonly nisCode: string }[] | undefined }>): AdoptionFigures {
  let adoptions = 0;
  let practicesAdopted = 0;
  const municipalities = new Set<string>();
  for (const practice of practices) {
    const list = practice.adoptions ?? [];
    adoptions += list.length;
    if (list.length > 0) practicesAdopted++;
    for (const a of list) municipalities.add(a.nisCode);
  }
  return { adoptions, practicesAdopted, municipalities: municipalities.size };
}

/** How many of these practices hold for all of Flanders: no municipality, no province, so no bar in the province chart. */
export function flandersWideCountOf(practices: Iterable<Pick<PracticeInput, 'municipalities' | 'provinces'>>): number {
  let count = 0;
  for (const practice of practices) if (provincesOf(practice).length === 0) count++;
  return count;
}

export interface YearSpan {
  readonly first: number;
  readonly last: number;
}

/** The first and last start year among these practices; undefined when none has one. */
export function yearSpanOf(practices: Iterable<{ readonly startYear?: number | undefined }>): YearSpan | undefined {
  let span: YearSpan | undefined;
  for (const { startYear } of practices) {
    if (startYear === undefined) continue;
    span = span ? { first: Math.min(span.first, startYear), last: Math.max(span.last, startYear) } : { first: startYear, last: startYear };
  }
  return span;
}

export type PeriodYears = { ok: true; years: string[] } | { ok: false; problems: QueryProblem[] };

const YEAR = /^\d{4}$/;

function yearOf(parameter: string, value: unknown, problems: QueryProblem[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push({ parameter, message: `Geef de parameter ${parameter} maar één keer op.` });
    return undefined;
  }
  const v = value.trim();
  if (v === '') return undefined;
  if (!YEAR.test(v) || Number(v) < FIRST_YEAR || Number(v) > LAST_YEAR) {
    problems.push({ parameter, message: `Ongeldig jaartal "${v.slice(0, 40)}" bij de periode: gebruik een jaartal van ${FIRST_YEAR} tot ${LAST_YEAR}.` });
    return undefined;
  }
  return Number(v);
}

/**
 * A period "from – to" as the list of start years the search filters on. A missing end is the first
 * or last start year in the catalogue; both missing means no year filter at all.
 */
export function periodYears(from: unknown, to: unknown, span: YearSpan | undefined): PeriodYears {
  const problems: QueryProblem[] = [];
  const first = yearOf('startYearFrom', from, problems);
  const last = yearOf('startYearTo', to, problems);
  if (problems.length > 0) return { ok: false, problems };
  if (first === undefined && last === undefined) return { ok: true, years: [] };
  const start = first ?? Math.min(span?.first ?? FIRST_YEAR, last ?? LAST_YEAR);
  const end = last ?? Math.max(span?.last ?? start, start);
  if (start > end) return { ok: false, problems: [{ parameter: 'startYearFrom', message: `Het beginjaar "van" (${start}) ligt na "tot" (${end}): kies een periode die vooruit loopt.` }] };
  if (end - start + 1 > MAX_FILTER_VALUES) {
    return { ok: false, problems: [{ parameter: 'startYearTo', message: `Kies een periode van hoogstens ${MAX_FILTER_VALUES} jaar.` }] };
  }
  return { ok: true, years: Array.from({ length: end - start + 1 }, (_, i) => String(start + i)) };
}
