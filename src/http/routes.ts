// The route table of the site: one line per route, the handlers live in controllers/.
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';
import { apiController } from './controllers/api-controller.js';
import { pagesController } from './controllers/pages-controller.js';
import { practicesController } from './controllers/practices-controller.js';

export interface RouteDependencies {
  readonly catalogue: Catalogue;
}

export function siteRoutes({ catalogue }: RouteDependencies): Router {
  const pages = pagesController(catalogue);
  const practices = practicesController(catalogue);
  const router = Router();
  router.get('/', pages.home);
  router.get('/praktijken', practices.search);
  router.get('/praktijken/:slug', practices.show);
  router.get('/over', pages.about);
  router.get('/healthz', pages.health);
  return router;
}

export function apiRoutes({ catalogue }: RouteDependencies): Router {
  const api = apiController(catalogue);
  const router = Router();
  router.get('/practices', api.list);
  router.get('/practices/:slug', api.show);
  return router;
}
