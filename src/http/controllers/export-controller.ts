// Exports of a search as CSV and JSON, and its Atom feed. Each takes exactly the parameters of
// /praktijken and answers every published practice the search finds, not one page of them.
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { effectiveSort, parseSearchQuery, type ParsedSearchQuery, type SearchQuery } from '../../domain/search-query.js';
import { BadRequest } from '../errors.js';
import { CSV_HEADER, csvRows, exportFilename, exportQueryOf, jsonChunks, searchPagePath } from '../presenters/export-presenter.js';
import { ATOM_CONTENT_TYPE, atomFeed } from '../presenters/feed-presenter.js';
import { absoluteUrl } from '../public-url.js';
import { streamInto } from '../streaming.js';

function queryOrBadRequest(parsed: ParsedSearchQuery): SearchQuery {
  if (!parsed.ok) throw new BadRequest(parsed.problems.map((p) => p.message).join(' '), parsed.problems);
  return parsed.query;
}

export function exportController(catalogue: Catalogue, publicUrl: string) {
  return {
    async csv(req: Request, res: Response): Promise<void> {
      const query = queryOrBadRequest(parseSearchQuery(req.query));
      const practices = catalogue.searchAll(query);
      res.attachment(exportFilename('csv'));
      res.type('text/csv; charset=utf-8; header=present');
      const csv = stringify({
        header: true,
        columns: [...CSV_HEADER],
        bom: true, // Excel reads UTF-8 (accents) only with a BOM
        record_delimiter: 'windows', // CRLF, as RFC 4180 says
        quoted_match: /[\r\n]/, // a cell with a bare LF is quoted too, not only one with CRLF
        escape_formulas: true, // a cell starting with = + - @ tab or CR gets a leading ' against formula injection
      });
      await streamInto(res, csvRows(practices, publicUrl), csv);
    },

    async json(req: Request, res: Response): Promise<void> {
      const parsed = parseSearchQuery(req.query);
      if (!parsed.ok) {
        // The same structured error as the API, for the programs that read this export.
        const message = parsed.problems.map((p) => p.message).join(' ');
        res.status(400).json({ error: { code: 'bad_request', message, details: parsed.problems } });
        return;
      }
      const { query } = parsed;
      const sort = effectiveSort(query);
      const practices = catalogue.searchAll(query, sort);
      res.attachment(exportFilename('json'));
      res.type('application/json; charset=utf-8');
      const header = { generatedAt: new Date().toISOString(), query: exportQueryOf(query, sort), searchUrl: absoluteUrl(publicUrl, searchPagePath(query)) };
      await streamInto(res, jsonChunks(practices, header));
    },

    feed(req: Request, res: Response): void {
      const query = queryOrBadRequest(parseSearchQuery(req.query));
      const practices = catalogue.searchAll(query, 'newest');
      const catalogueUpdatedAt = catalogue.all().reduce<string | undefined>((latest, p) => (latest === undefined || p.updatedAt > latest ? p.updatedAt : latest), undefined);
      res.type(ATOM_CONTENT_TYPE).send(atomFeed({ query, practices, catalogueUpdatedAt, origin: publicUrl }));
    },
  };
}
