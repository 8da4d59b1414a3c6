// CSV and JSON exports of a search, and its Atom feed. Mounted by app.ts before the site routes, so
// these paths are never taken for a practice's slug (and "feed" is never given as one).
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';
import { exportController } from './controllers/export-controller.js';

export function exportRoutes({ catalogue, publicUrl }: { catalogue: Catalogue; publicUrl: string }): Router {
  const exports = exportController(catalogue, publicUrl);
  const router = Router();
  router.get('/praktijken/export.csv', exports.csv);
  router.get('/praktijken/export.json', exports.json);
  router.get('/praktijken/feed', exports.feed);
  return router;
}
