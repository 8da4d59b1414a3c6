// The CSV the export writes, read back as import records in the API's shape: each column is named
// after the API field it holds ("sections.aanpak", "costs.amountEur"), lists are joined with " | ".
// So a spreadsheet edit of an export can be imported again (bulk-import.ts updates by slug). Where a
// person may type a label ("Armoedebestrijding", "per jaar", "Antwerpen") it is read as its code.
import { parse } from 'csv-parse/sync';
import { MUNICIPALITIES } from './municipalities.js';
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
} from './vocabulary.js';
import type { ImportProblem, RecordNoun } from './bulk-import.js';

export const CSV_ROWS: RecordNoun = { one: 'rij', many: 'rijen' };

/** A record's row in a spreadsheet: the header is row 1, whatever line breaks the cells hold. */
export const rowNumberOf = (index: number): number => index + 2;

type Cell = (value: string) => unknown;

const lookup = (entries: readonly (readonly [string, string])[]) => {
  const map = new Map(entries.map(([key, value]) => [key.toLocaleLowerCase('nl'), value]));
  return (value: string) => map.get(value.toLocaleLowerCase('nl')) ?? value;
};
/** A vocabulary value, by its code or its Dutch label (any case); anything else is passed on for the schema to name. */
const term = (terms: readonly Term[]) => lookup(terms.flatMap((t) => [[t.value, t.value], [t.label, t.value]] as const));
const municipality = lookup(MUNICIPALITIES.flatMap((m) => [[m.nisCode, m.nisCode], [m.name, m.nisCode]] as const));

// Vocabulary lists may be joined with "|" (the CSV) or ";" (the XLSX); a partner's name may hold a ";".
const listOf = (separator: RegExp, item: (value: string) => unknown = (v) => v): Cell => (value) =>
  value.split(separator).map((v) => v.trim()).filter(Boolean).map(item);
const terms = (vocabulary: readonly Term[]) => listOf(/[|;]/, term(vocabulary));
const text: Cell = (value) => value;
const BOOLEANS = new Map([['true', true], ['false', false], ['ja', true], ['nee', false], ['waar', true], ['onwaar', false], ['1', true], ['0', false]]);
const bool: Cell = (value) => BOOLEANS.get(value.toLowerCase()) ?? value;
// The export writes 0.5; a person may type 0,5. A point is a decimal point here: no one has 1.000 FTE.
const fte: Cell = (value) => (/^\d+(\.\d+)?$/.test(value) ? Number(value) : value);

/** What each column of the export is, as a path in the API record and how its cell is read; null: shown, not imported. */
const COLUMNS: Readonly<Record<string, { readonly path: readonly string[]; readonly read: Cell } | null>> = {
  slug: { path: ['slug'], read: text },
  url: null,
  title: { path: ['title'], read: text },
  summary: { path: ['summary'], read: text },
  'sections.aanleiding': { path: ['sections', 'aanleiding'], read: text },
  'sections.aanpak': { path: ['sections', 'aanpak'], read: text },
  'sections.resultaten': { path: ['sections', 'resultaten'], read: text },
  'sections.leerpunten': { path: ['sections', 'leerpunten'], read: text },
  themes: { path: ['themes'], read: terms(THEMES) },
  targetGroups: { path: ['targetGroups'], read: terms(TARGET_GROUPS) },
  lifeDomains: { path: ['lifeDomains'], read: terms(LIFE_DOMAINS) },
  scale: { path: ['scale'], read: term(SCALES) },
  'municipalities.nisCode': { path: ['municipalities'], read: listOf(/[|;]/, municipality) },
  // The names follow from the NIS codes; the codes column is the one read.
  'municipalities.name': null,
  provinces: { path: ['provinces'], read: terms(PROVINCES) },
  'period.startYear': { path: ['period', 'startYear'], read: text },
  'period.endYear': { path: ['period', 'endYear'], read: text },
  'period.ongoing': { path: ['period', 'ongoing'], read: bool },
  partners: { path: ['partners'], read: listOf(/\|/) },
  'links.url': { path: ['links'], read: listOf(/\|/, (url) => ({ url })) },
  'source.title': { path: ['source', 'title'], read: text },
  'source.publisher': { path: ['source', 'publisher'], read: text },
  'source.url': { path: ['source', 'url'], read: text },
  'source.note': { path: ['source', 'note'], read: text },
  'source.date': { path: ['source', 'date'], read: text },
  contactOrganisation: { path: ['contactOrganisation'], read: text },
  contactEmail: { path: ['contactEmail'], read: text },
  publishedAt: null,
  updatedAt: null,
  workingElements: { path: ['workingElements'], read: text },
  transferability: { path: ['transferability'], read: text },
  'costs.amountEur': { path: ['costs', 'amountEur'], read: text },
  'costs.period': { path: ['costs', 'period'], read: term(COST_PERIODS) },
  'costs.note': { path: ['costs', 'note'], read: text },
  funding: { path: ['funding'], read: terms(FUNDING_SOURCES) },
  staffFte: { path: ['staffFte'], read: fte },
  'reach.count': { path: ['reach', 'count'], read: text },
  'reach.unit': { path: ['reach', 'unit'], read: term(REACH_UNITS) },
  'reach.year': { path: ['reach', 'year'], read: text },
  'evaluation.kind': { path: ['evaluation', 'kind'], read: term(EVALUATION_KINDS) },
  'evaluation.summary': { path: ['evaluation', 'summary'], read: text },
  'evaluation.url': { path: ['evaluation', 'url'], read: text },
  'contact.name': { path: ['contact', 'name'], read: text },
  'contact.role': { path: ['contact', 'role'], read: text },
  lastVerifiedAt: null,
  'evidenceLevel.level': null,
  'evidenceLevel.justification': null,
  'evidenceLevel.decidedAt': null,
  'completeness.score': null,
  'completeness.missing': null,
  // Adoptions are confirmed by e-mail and approved by a moderator, never imported.
  adoptions: null,
};

/** The columns the import knows: every column of the export, written or only shown. */
export const KNOWN_CSV_COLUMNS: readonly string[] = Object.keys(COLUMNS);

// Lists that stay lists when empty, as in the API; every other empty cell is null (unknown).
const EMPTY_LISTS = new Set(['themes', 'targetGroups', 'lifeDomains', 'provinces', 'partners', 'links', 'funding', 'municipalities']);

/** The export puts a ' before a cell that starts like a formula (= + - @); read back, it goes again. */
const withoutFormulaGuard = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

export type CsvRecords = { ok: true; records: Record<string, unknown>[] } | { ok: false; problems: ImportProblem[] };

/** A CSV file's rows as API records; the file as a whole fails on a broken CSV, a missing or unknown column. */
export function recordsOfCsv(content: string): CsvRecords {
  const text = content.replace(/^\uFEFF/, '');
  const headerLine = text.slice(0, text.search(/\r?\n|$/));
  // A spreadsheet saved in a Belgian locale separates with ";": the header (plain names) says which.
  const delimiter = (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: false, skip_empty_lines: true });
  } catch (error) {
    return { ok: false, problems: [{ index: -1, message: `Het bestand is geen geldige CSV (${(error as Error).message}).` }] };
  }
  const [header, ...body] = rows;
  if (!header) return { ok: false, problems: [{ index: -1, message: 'Het bestand is leeg: verwacht een kopregel en één rij per praktijk, zoals de CSV-export.' }] };
  const names = header.map((h) => h.trim());
  const problems: ImportProblem[] = [];
  const unknown = names.filter((name) => !(name in COLUMNS));
  if (unknown.length > 0) {
    problems.push({ index: -1, message: `Onbekende kolom${unknown.length === 1 ? '' : 'men'} ${unknown.map((n) => `"${n}"`).join(', ')}: gebruik de kolommen van de CSV-export (docs/open-data.md).` });
  }
  const doubled = names.filter((name, i) => names.indexOf(name) !== i);
  if (doubled.length > 0) problems.push({ index: -1, message: `De kolom "${doubled[0]}" staat er twee keer in.` });
  for (const required of ['title', 'summary', 'themes', 'scale', 'source.title']) {
    if (!names.includes(required)) problems.push({ index: -1, message: `De kolom "${required}" ontbreekt.` });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (body.length === 0) return { ok: false, problems: [{ index: -1, message: 'Het bestand heeft alleen een kopregel: er is niets om in te lezen.' }] };
  return { ok: true, records: body.map((row) => recordOfRow(names, row)) };
}

function recordOfRow(names: readonly string[], row: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  names.forEach((name, i) => {
    const column = COLUMNS[name];
    if (!column) return;
    const raw = withoutFormulaGuard((row[i] ?? '').trim());
    const [head = '', inner] = column.path;
    const value = raw === '' ? (EMPTY_LISTS.has(head) ? [] : null) : column.read(raw);
    if (inner === undefined) record[head] = value;
    else record[head] = { ...(record[head] as Record<string, unknown> | undefined), [inner]: value };
  });
  return record;
}
