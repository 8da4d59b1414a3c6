// Statistics, open data descriptions, sitemap and robots.txt. Mounted by app.ts before the site routes.
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';
import { openDataController } from './controllers/open-data-controller.js';
import { statisticsController } from './controllers/statistics-controller.js';

export function openDataRoutes({ catalogue, publicUrl }: { catalogue: Catalogue; publicUrl: string }): Router {
  const statistics = statisticsController(catalogue);
  const openData = openDataController(catalogue, publicUrl);
  const router = Router();
  router.get('/cijfers', statistics.page);
  router.get('/cijfers/:table.csv', statistics.csv);
  router.get('/open-data', openData.page);
  router.get('/open-data/catalogus.jsonld', openData.catalogue);
  router.get('/sitemap.xml', openData.sitemap);
  router.get('/robots.txt', openData.robots);
  return router;
}
