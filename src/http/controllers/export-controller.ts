// Exports of a search as CSV, JSON and XLSX, and its Atom feed. Each takes exactly the parameters of
// /praktijken and answers every published practice the search finds, not one page of them.
// An export is made once per search and catalogue version into a copy on disk (export-cache.ts) and
// every request for it streams that copy; too many at once get a 503 with Retry-After.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { effectiveSort, parseSearchQuery, type ParsedSearchQuery, type SearchQuery } from '../../domain/search-query.js';
import { BadRequest, HttpError } from '../errors.js';
import { ExportBusy, type ExportCache, type ExportDownload } from '../export-cache.js';
import { EXPORT_FORMATS, exportSearchKey, exportSearchOf, type ExportFormat, type ExportFormatName } from '../export-formats.js';
import { exportFilename } from '../presenters/export-presenter.js';
import { ATOM_CONTENT_TYPE, atomFeed } from '../presenters/feed-presenter.js';
import { streamInto } from '../streaming.js';

/** How long a refused export should wait before asking again: a build takes seconds. */
export const EXPORT_RETRY_AFTER_SECONDS = 10;
export const EXPORT_BUSY_MESSAGE = 'Er worden nu te veel exports tegelijk gemaakt. Probeer het over tien seconden opnieuw.';

function queryOrBadRequest(parsed: ParsedSearchQuery): SearchQuery {
  if (!parsed.ok) throw new BadRequest(parsed.problems.map((p) => p.message).join(' '), parsed.problems);
  return parsed.query;
}

export function exportController(catalogue: Catalogue, publicUrl: string, cache: ExportCache) {
  /** The copy of this export, made now if there is none; undefined when the refusal has been answered. */
  async function downloadOf(name: ExportFormatName, format: ExportFormat, query: SearchQuery, res: Response): Promise<ExportDownload | undefined> {
    const sort = effectiveSort(query);
    // open() calls the build before it awaits anything, so the practices searched are those of this version.
    const key = { format: name, version: catalogue.answersVersion, search: exportSearchKey(query) };
    try {
      return await cache.open(key, (file, madeAt) => format.write(file, { query, sort, practices: catalogue.searchAll(query, sort), publicUrl, madeAt }));
    } catch (error) {
      if (!(error instanceof ExportBusy)) throw error;
      res.set('Retry-After', String(EXPORT_RETRY_AFTER_SECONDS));
      if (!format.jsonErrors) throw new HttpError(503, 'export_busy', EXPORT_BUSY_MESSAGE);
      res.status(503).json({ error: { code: 'export_busy', message: EXPORT_BUSY_MESSAGE } });
      return undefined;
    }
  }

  const exportAs = (name: ExportFormatName) =>
    async function answer(req: Request, res: Response): Promise<void> {
      const format = EXPORT_FORMATS[name];
      const parsed = parseSearchQuery(req.query);
      if (!parsed.ok && format.jsonErrors) {
        // The same structured error as the API, for the programs that read this export.
        const message = parsed.problems.map((p) => p.message).join(' ');
        res.status(400).json({ error: { code: 'bad_request', message, details: parsed.problems } });
        return;
      }
      const download = await downloadOf(name, format, exportSearchOf(queryOrBadRequest(parsed)), res);
      if (!download) return;
      try {
        res.attachment(exportFilename(format.extension));
        res.type(format.contentType);
        res.set('Content-Length', String(download.bytes));
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        await streamInto(res, download.stream());
      } finally {
        download.close();
      }
    };

  return {
    csv: exportAs('csv'),
    json: exportAs('json'),
    xlsx: exportAs('xlsx'),

    feed(req: Request, res: Response): void {
      const query = queryOrBadRequest(parseSearchQuery(req.query));
      const practices = catalogue.searchAll(query, 'newest');
      const catalogueUpdatedAt = catalogue.all().reduce<string | undefined>((latest, p) => (latest === undefined || p.updatedAt > latest ? p.updatedAt : latest), undefined);
      res.type(ATOM_CONTENT_TYPE).send(atomFeed({ query, practices, catalogueUpdatedAt, origin: publicUrl }));
    },
  };
}
