// CSV, JSON and XLSX exports of a search, and its Atom feed. Mounted by app.ts before the site routes, so
// these paths are never taken for a practice's slug (and "feed" is never given as one).
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';
import type { Logger } from '../log.js';
import { exportController } from './controllers/export-controller.js';
import { ExportCache, exportCacheDir, type ExportCacheOptions } from './export-cache.js';

export interface ExportRouteDependencies {
  readonly catalogue: Catalogue;
  /** The site's public origin (PUBLIC_URL), the base of every absolute URL. */
  readonly publicUrl: string;
  /** The copies go beside the database unless `cache.dir` says otherwise. */
  readonly databasePath: string;
  readonly logger?: Logger;
  /** Limits and folder of the copies (export-cache.ts); tests make the limits small. */
  readonly cache?: Partial<ExportCacheOptions>;
}

export function exportRoutes({ catalogue, publicUrl, databasePath, logger, cache = {} }: ExportRouteDependencies): Router {
  const copies = new ExportCache({ dir: exportCacheDir(databasePath), logger, ...cache });
  const exports = exportController(catalogue, publicUrl, copies);
  const router = Router();
  router.get('/praktijken/export.csv', exports.csv);
  router.get('/praktijken/export.json', exports.json);
  router.get('/praktijken/export.xlsx', exports.xlsx);
  router.get('/praktijken/feed', exports.feed);
  return router;
}
