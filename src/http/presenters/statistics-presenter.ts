// The view model of the statistics page (/cijfers) and its table CSVs. Every figure comes from
// statisticsOf(result), i.e. from the facet counts of the same search the results page runs.
import type { SearchResult } from '../../domain/catalogue.js';
import { FACETS, filterInWords } from '../../domain/facets.js';
import type { SearchQuery } from '../../domain/search-query.js';
import {
  type AdoptionFigures,
  type StatisticsTable,
  type StatisticsTableData,
  type YearSpan,
  statisticsLabel,
  statisticsOf,
} from '../../domain/statistics.js';
import { PROVINCES, THEMES } from '../../domain/vocabulary.js';
import { paths, type QueryState } from '../../paths.js';
import { type BarChartView, barChart } from './bar-chart.js';
import { stateOf } from './search-presenter.js';

const PLURAL: Record<StatisticsTable, string> = {
  theme: 'thema’s',
  province: 'provincies',
  startYear: 'beginjaren',
  targetGroup: 'doelgroepen',
  evidenceLevel: 'standen van de praktijk',
  copyable: 'kenmerken',
  adoptedBy: 'gemeenten',
};

const HEADINGS: Partial<Record<StatisticsTable, string>> = { copyable: 'Praktijken met een contactpersoon of materiaal', adoptedBy: 'Waar praktijken overgenomen werden' };

/** The facets the form on the page sets itself; the others travel along as hidden fields. */
const FORM_FACETS = new Set<string>(['theme', 'province', 'startYear']);

export interface StatisticsTableView {
  readonly key: StatisticsTable;
  readonly id: string;
  readonly heading: string;
  readonly columnHeading: string;
  readonly rows: StatisticsTableData['rows'];
  readonly chart: BarChartView;
  readonly csvHref: string;
  readonly notes: readonly string[];
  /** The rows carry a share of the total, shown in a column of its own. */
  readonly shares: boolean;
}

/** The search as a URL state without paging: what the page, its CSVs and its links share. */
function filterState(query: SearchQuery): QueryState {
  return { ...stateOf(query), pageSize: undefined };
}

const praktijken = (n: number) => `${n} ${n === 1 ? 'praktijk' : 'praktijken'}`;

function listInDutch(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Years in order; a run of three or more as "2015 tot en met 2018". */
function yearsInWords(values: readonly string[]): string {
  const years = values.map(Number).sort((a, b) => a - b);
  const first = years[0] ?? 0;
  const last = years[years.length - 1] ?? 0;
  if (years.length >= 3 && last - first + 1 === years.length) return `${first} tot en met ${last}`;
  return listInDutch(years.map(String), 'of');
}

/** "Deze cijfers gaan over de 3 gepubliceerde praktijken met de zoekwoorden “zorg” en de filters provincie Limburg en thema X." */
export function filterSentence(result: SearchResult): string {
  const { query } = result;
  const filters = FACETS.flatMap((f) => {
    if (f.key === 'startYear') return query.startYear.length === 0 ? [] : [`beginjaar ${yearsInWords(query.startYear)}`];
    const chosen = result.facets[f.key].filter((v) => v.selected).map((v) => v.value);
    return chosen.length === 0 ? [] : [filterInWords(f, chosen)];
  });
  const parts = [
    ...(query.q ? [`de zoekwoorden “${query.q}”`] : []),
    ...(filters.length === 0 ? [] : [`${filters.length === 1 ? 'het filter' : 'de filters'} ${listInDutch(filters, 'en')}`]),
  ];
  const n = result.total;
  if (parts.length === 0) return `Deze cijfers gaan over alle ${praktijken(n)} die nu gepubliceerd zijn.`;
  if (n === 0) return `Er is geen gepubliceerde praktijk met ${listInDutch(parts, 'en')}.`;
  const subject = n === 1 ? '1 gepubliceerde praktijk' : `de ${n} gepubliceerde praktijken`;
  return `Deze cijfers gaan over ${subject} met ${listInDutch(parts, 'en')}.`;
}

function notesOf(table: StatisticsTableData, flandersWide: number | undefined): string[] {
  const notes: string[] = [];
  if (table.key === 'province' && flandersWide !== undefined && flandersWide > 0) {
    const one = flandersWide === 1;
    notes.push(`${praktijken(flandersWide)} ${one ? 'geldt' : 'gelden'} voor heel Vlaanderen, niet voor een provincie of gemeente, en ${one ? 'staat' : 'staan'} niet in deze grafiek.`);
  }
  if (table.filtered) {
    notes.push(
      `Uw keuze van ${statisticsLabel(table.key).toLowerCase()} telt in deze grafiek niet mee: ze toont alle ${PLURAL[table.key]} binnen de andere filters, net als de aantallen bij de filters op de resultatenpagina. De gekozen waarden zijn gemarkeerd met “gekozen”.`,
    );
  }
  if (table.withoutValue !== undefined && table.withoutValue > 0 && table.rows.length > 0) {
    notes.push(`${praktijken(table.withoutValue)} ${table.withoutValue === 1 ? 'vermeldt' : 'vermelden'} geen beginjaar en ${table.withoutValue === 1 ? 'staat' : 'staan'} niet in deze grafiek.`);
  }
  return notes;
}

/** `flandersWide`: the practices for all of Flanders, which the province table has no row for. */
export function statisticsTableView(table: StatisticsTableData, query: SearchQuery, flandersWide?: number): StatisticsTableView {
  const id = `cijfers-${table.key}`;
  const heading = HEADINGS[table.key] ?? `Praktijken per ${statisticsLabel(table.key).toLowerCase()}`;
  return {
    key: table.key,
    id,
    heading,
    columnHeading: statisticsLabel(table.key),
    rows: table.rows,
    chart: barChart(`${id}-chart`, heading, table.rows.map((r) => ({ label: r.label, count: r.count, highlighted: r.selected }))),
    csvHref: paths.statisticsCsv(table.key, filterState(query)),
    notes: notesOf(table, flandersWide),
    shares: table.rows.some((r) => r.share !== undefined),
  };
}

interface Choice {
  readonly id: string;
  readonly value: string;
  readonly label: string;
  readonly checked: boolean;
}

function filterForm(result: SearchResult, span: YearSpan | undefined) {
  const { query } = result;
  const choices = (key: 'theme' | 'province', terms: readonly { value: string; label: string }[]): Choice[] =>
    terms.map((t) => ({ id: `stat-${key}-${t.value}`, value: t.value, label: t.label, checked: (query[key] as string[]).includes(t.value) }));
  const chosenYears = query.startYear.map(Number).sort((a, b) => a - b);
  const from = chosenYears[0];
  const to = chosenYears[chosenYears.length - 1];
  const first = Math.min(span?.first ?? Infinity, from ?? Infinity);
  const last = Math.max(span?.last ?? -Infinity, to ?? -Infinity);
  const years = Number.isFinite(first) && Number.isFinite(last) ? Array.from({ length: last - first + 1 }, (_, i) => String(first + i)) : [];
  const contiguous = from === undefined || to === undefined || to - from + 1 === chosenYears.length;
  const others = FACETS.filter((f) => !FORM_FACETS.has(f.key));
  return {
    q: query.q,
    themes: choices('theme', THEMES),
    themesOpen: query.theme.length > 0,
    chosenThemes: query.theme.length,
    provinces: choices('province', PROVINCES),
    years,
    from: from === undefined ? '' : String(from),
    to: to === undefined ? '' : String(to),
    // Years ticked one by one on the results page become the whole period once this form is used.
    yearsNotAPeriod: !contiguous,
    hidden: others.flatMap((f) => (query[f.key] as string[]).map((value) => ({ name: f.key, value }))),
    otherFilters: others.flatMap((f) => {
      const chosen = result.facets[f.key].filter((v) => v.selected).map((v) => v.value);
      return chosen.length === 0 ? [] : [filterInWords(f, chosen)];
    }),
    clearHref: paths.statistics(),
  };
}

/** "3 overnames: 2 praktijken werden overgenomen, door 3 gemeenten." */
function adoptionSentence(f: AdoptionFigures): string {
  if (f.adoptions === 0) return 'Geen van deze praktijken werd (al) overgenomen door een andere gemeente.';
  const overnames = `${f.adoptions} ${f.adoptions === 1 ? 'overname' : 'overnames'}`;
  const gemeenten = `${f.municipalities} ${f.municipalities === 1 ? 'gemeente' : 'gemeenten'}`;
  return `${overnames} door een andere gemeente: ${praktijken(f.practicesAdopted)} ${f.practicesAdopted === 1 ? 'werd' : 'werden'} minstens één keer overgenomen, door ${gemeenten} samen.`;
}

export function statisticsPageView(result: SearchResult, span: YearSpan | undefined, adoptions?: AdoptionFigures, flandersWide?: number) {
  const { query } = result;
  const state = filterState(query);
  return {
    total: result.total,
    sentence: filterSentence(result),
    allWords: result.allWords,
    resultsHref: paths.practices(stateOf(query, query.sort)),
    apiHref: paths.api.practices({ ...state, pageSize: 1 }),
    tables: statisticsOf(result).map((table) => statisticsTableView(table, query, flandersWide)),
    form: filterForm(result, span),
    adoptionSentence: adoptions && adoptionSentence(adoptions),
  };
}
export type StatisticsPageView = ReturnType<typeof statisticsPageView>;

/** One table as CSV records: the stable value, its Dutch label and the count; a header first. */
export function statisticsCsvRecords(table: StatisticsTableData): string[][] {
  if (table.rows.some((r) => r.share !== undefined)) {
    return [[table.key, 'label', 'count', 'sharePercent'], ...table.rows.map((r) => [r.value, r.label, String(r.count), String(r.share ?? '')])];
  }
  return [[table.key, 'label', 'count'], ...table.rows.map((r) => [r.value, r.label, String(r.count)])];
}

export function statisticsCsvFilename(key: StatisticsTable): string {
  return `praktijkbank-cijfers-${key}.csv`;
}
