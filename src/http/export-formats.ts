// The formats a search can be exported in, each with what it writes into its copy and how it is
// answered. A new format (XLSX) is one more entry: the cache, the limits and the routes take it as is.
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import type { Practice } from '../domain/practice.js';
import { FACET_KEYS, type SearchQuery, type Sort } from '../domain/search-query.js';
import { CSV_HEADER, csvRows, exportQueryOf, jsonChunks, searchPagePath } from './presenters/export-presenter.js';
import { SHEET_COLUMNS, sheetRows } from './presenters/xlsx-presenter.js';
import { absoluteUrl } from './public-url.js';
import { inSlices, writeWhole } from './streaming.js';

/** What an export holds: everything its bytes depend on. */
export interface ExportContent {
  /** The search, normalised by exportSearchOf. */
  readonly query: SearchQuery;
  readonly sort: Sort;
  readonly practices: readonly Practice[];
  /** The site's public origin (PUBLIC_URL), the base of every absolute URL. */
  readonly publicUrl: string;
  /** The moment the copy is made. */
  readonly madeAt: Date;
}

export interface ExportFormat {
  /** The file extension of the download and of the copy. */
  readonly extension: 'csv' | 'json' | 'xlsx';
  readonly contentType: string;
  /** A refusal (a bad filter, too many exports at once) as the API's JSON error rather than a Dutch page. */
  readonly jsonErrors: boolean;
  /** Writes the whole export into `file`, handing the event loop back between slices. */
  write(file: Writable, content: ExportContent): Promise<void>;
}

const csv: ExportFormat = {
  extension: 'csv',
  contentType: 'text/csv; charset=utf-8; header=present',
  jsonErrors: false,
  write: (file, { practices, publicUrl }) =>
    writeWhole(
      file,
      inSlices(csvRows(practices, publicUrl)),
      stringify({
        header: true,
        columns: [...CSV_HEADER],
        bom: true, // Excel reads UTF-8 (accents) only with a BOM
        record_delimiter: 'windows', // CRLF, as RFC 4180 says
        quoted_match: /[\r\n]/, // a cell with a bare LF is quoted too, not only one with CRLF
        escape_formulas: true, // a cell starting with = + - @ tab or CR gets a leading ' against formula injection
      }),
    ),
};

const json: ExportFormat = {
  extension: 'json',
  contentType: 'application/json; charset=utf-8',
  jsonErrors: true,
  write: (file, { query, sort, practices, publicUrl, madeAt }) =>
    // generatedAt is the moment the copy was made: every download of it until the catalogue changes
    // gets the same bytes (docs/api.md).
    writeWhole(file, inSlices(jsonChunks(practices, { generatedAt: madeAt.toISOString(), query: exportQueryOf(query, sort), searchUrl: absoluteUrl(publicUrl, searchPagePath(query)) }))),
};

const xlsx: ExportFormat = {
  extension: 'xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonErrors: false,
  async write(file, { practices, publicUrl }) {
    const header: Row = SHEET_COLUMNS.map((c) => ({ value: c.header, fontWeight: 'bold' }));
    const rows: Row[] = [header];
    for await (const values of inSlices(sheetRows(practices, publicUrl))) {
      rows.push(values.map((value, i) => (value === null ? null : { value, format: SHEET_COLUMNS[i]?.format })));
    }
    // The workbook is zipped in memory (the library has no row streaming); a catalogue's worth is a few MB.
    const bytes = await writeXlsxFile(rows, {
      sheet: 'Praktijken',
      columns: SHEET_COLUMNS.map((c) => ({ width: c.width })),
      stickyRowsCount: 1, // the header row stays in view while scrolling
    }).toBuffer();
    await writeWhole(file, [bytes]);
  },
};

export const EXPORT_FORMATS = { csv, json, xlsx } as const satisfies Record<string, ExportFormat>;
export type ExportFormatName = keyof typeof EXPORT_FORMATS;

/**
 * The search an export answers, in one spelling: page and pageSize dropped (an export holds the whole
 * result) and each filter's values sorted (they are ORed, so their order changes nothing found).
 */
export function exportSearchOf(query: SearchQuery): SearchQuery {
  const sorted = Object.fromEntries(FACET_KEYS.map((key) => [key, [...query[key]].sort()]));
  return { ...query, ...sorted, page: 1, pageSize: undefined };
}

/** The cache key of a normalised search: the text, the sort asked for and every filter. */
export function exportSearchKey(query: SearchQuery): string {
  return JSON.stringify([query.q, query.sort ?? null, ...FACET_KEYS.map((key) => query[key])]);
}
