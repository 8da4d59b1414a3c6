// The XLSX export of a search, for people who work in Excel: Dutch headers, labels rather than codes,
// numbers as numbers and dates as dates. Rows are made from practiceApiView, so the private contact
// e-mail cannot leak into the spreadsheet either.
import { COMPLETENESS_ELEMENTS } from '../../domain/completeness.js';
import type { Practice } from '../../domain/practice.js';
import {
  COST_PERIODS,
  EVALUATION_KINDS,
  FUNDING_SOURCES,
  LIFE_DOMAINS,
  PROVINCES,
  REACH_UNITS,
  SCALES,
  TARGET_GROUPS,
  THEMES,
  type Term,
  labelOf,
} from '../../domain/vocabulary.js';
import { absoluteUrl } from '../public-url.js';
import { practiceApiView } from './practice-api-presenter.js';
import { calendarDayOf } from '../../domain/calendar.js';

type ApiView = ReturnType<typeof practiceApiView>;

/** One cell: text, a number, a calendar date, or empty. */
export type SheetValue = string | number | Date | null;

export interface SheetColumn {
  /** The Dutch header in row 1. */
  readonly header: string;
  /** Width in characters. */
  readonly width: number;
  /** How Excel shows a number or a date of this column; text columns have none. */
  readonly format?: string;
  readonly value: (practice: ApiView, origin: string) => SheetValue;
}

/** Joins labels in one cell the way a person lists them. */
export const SHEET_SEPARATOR = '; ';
export const DATE_FORMAT = 'dd/mm/yyyy';
const EURO_FORMAT = '#,##0.00';
const DECIMAL_FORMAT = '0.0#';
const WHOLE_FORMAT = '0';

const labels = (terms: readonly Term[], values: readonly string[]) => values.map((v) => labelOf(terms, v)).join(SHEET_SEPARATOR) || null;
const label = (terms: readonly Term[], value: string | null) => (value === null ? null : labelOf(terms, value));
const joined = (values: readonly string[]) => values.join(SHEET_SEPARATOR) || null;

/**
 * The calendar day of an ISO timestamp in Belgium, as a Date at UTC midnight: a spreadsheet date has
 * no time zone, and a practice published at 00:30 in Brussels was published that day, not the one before.
 */
export function sheetDate(iso: string | null): Date | null {
  if (iso === null) return null;
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return null;
  const [y, m, d] = calendarDayOf(moment).split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

const NOT_JUDGED = 'Nog niet beoordeeld';

export const SHEET_COLUMNS: readonly SheetColumn[] = [
  { header: 'Titel', width: 40, value: (p) => p.title },
  { header: 'Samenvatting', width: 60, value: (p) => p.summary },
  { header: 'Thema’s', width: 35, value: (p) => labels(THEMES, p.themes) },
  { header: 'Doelgroepen', width: 30, value: (p) => labels(TARGET_GROUPS, p.targetGroups) },
  { header: 'Levensdomeinen', width: 25, value: (p) => labels(LIFE_DOMAINS, p.lifeDomains) },
  { header: 'Schaal', width: 16, value: (p) => labelOf(SCALES, p.scale) },
  { header: 'Gemeenten', width: 30, value: (p) => joined(p.municipalities.map((m) => m.name)) },
  { header: 'Provincies', width: 22, value: (p) => labels(PROVINCES, p.provinces) },
  { header: 'Beginjaar', width: 10, format: WHOLE_FORMAT, value: (p) => p.period.startYear },
  { header: 'Eindjaar', width: 10, format: WHOLE_FORMAT, value: (p) => p.period.endYear },
  { header: 'Loopt nog', width: 10, value: (p) => (p.period.ongoing ? 'ja' : 'nee') },
  { header: 'Aanleiding', width: 50, value: (p) => p.sections.aanleiding },
  { header: 'Aanpak', width: 60, value: (p) => p.sections.aanpak },
  { header: 'Resultaten', width: 50, value: (p) => p.sections.resultaten },
  { header: 'Leerpunten', width: 50, value: (p) => p.sections.leerpunten },
  { header: 'Werkzame elementen', width: 50, value: (p) => p.workingElements },
  { header: 'Wat nodig is om over te nemen', width: 50, value: (p) => p.transferability },
  { header: 'Kosten (euro)', width: 14, format: EURO_FORMAT, value: (p) => p.costs.amountEur },
  { header: 'Kosten: eenmalig of per jaar', width: 14, value: (p) => label(COST_PERIODS, p.costs.period) },
  { header: 'Wat de kosten dekken', width: 40, value: (p) => p.costs.note },
  { header: 'Financiering', width: 30, value: (p) => labels(FUNDING_SOURCES, p.funding) },
  { header: 'Personeelsinzet (VTE)', width: 12, format: DECIMAL_FORMAT, value: (p) => p.staffFte },
  { header: 'Bereik (aantal)', width: 12, format: WHOLE_FORMAT, value: (p) => p.reach.count },
  { header: 'Bereik: wat telt', width: 14, value: (p) => label(REACH_UNITS, p.reach.unit) },
  { header: 'Bereik: jaar', width: 10, format: WHOLE_FORMAT, value: (p) => p.reach.year },
  { header: 'Evaluatie', width: 20, value: (p) => label(EVALUATION_KINDS, p.evaluation.kind) },
  { header: 'Samenvatting van de evaluatie', width: 50, value: (p) => p.evaluation.summary },
  { header: 'Evaluatierapport', width: 35, value: (p) => p.evaluation.url },
  { header: 'Contactpersoon', width: 25, value: (p) => p.contact.name },
  { header: 'Functie', width: 25, value: (p) => p.contact.role },
  { header: 'Contactorganisatie', width: 30, value: (p) => p.contact.organisation },
  { header: 'E-mailadres (openbaar)', width: 30, value: (p) => p.contact.email },
  { header: 'Partners', width: 35, value: (p) => joined(p.partners) },
  { header: 'Links', width: 40, value: (p) => joined(p.links.map((l) => l.url)) },
  { header: 'Materiaal', width: 35, value: (p, origin) => joined(p.materials.map((m) => `${m.title}: ${absoluteUrl(origin, m.url)}`)) },
  { header: 'Stand van de praktijk', width: 20, value: (p) => p.evidenceLevel?.label ?? NOT_JUDGED },
  { header: 'Waarom deze stand', width: 40, value: (p) => p.evidenceLevel?.justification ?? null },
  { header: 'Volledigheid (%)', width: 12, format: WHOLE_FORMAT, value: (p) => p.completeness.score },
  {
    header: 'Wat we nog niet weten',
    width: 50,
    value: (p) => joined(p.completeness.missing.map((key) => COMPLETENESS_ELEMENTS.find((e) => e.key === key)?.label ?? key)),
  },
  { header: 'Bron', width: 35, value: (p) => p.source.title },
  { header: 'Uitgever van de bron', width: 25, value: (p) => p.source.publisher },
  { header: 'Webadres van de bron', width: 35, value: (p) => p.source.url },
  { header: 'Datum van de bron', width: 12, value: (p) => p.source.date },
  { header: 'Toelichting bij de bron', width: 40, value: (p) => p.source.note },
  { header: 'Gepubliceerd op', width: 14, format: DATE_FORMAT, value: (p) => sheetDate(p.publishedAt) },
  { header: 'Laatst gewijzigd', width: 14, format: DATE_FORMAT, value: (p) => sheetDate(p.updatedAt) },
  { header: 'Laatst nagekeken', width: 14, format: DATE_FORMAT, value: (p) => sheetDate(p.lastVerifiedAt) },
  { header: 'Adres op Praktijkbank', width: 45, value: (p, origin) => absoluteUrl(origin, p.url) },
  { header: 'Slug', width: 30, value: (p) => p.slug },
];

/** One row of values per practice, in the order of SHEET_COLUMNS, made only when asked for. */
export function* sheetRows(practices: Iterable<Practice>, origin: string): Generator<SheetValue[]> {
  for (const practice of practices) {
    const view = practiceApiView(practice);
    yield SHEET_COLUMNS.map((c) => c.value(view, origin));
  }
}
