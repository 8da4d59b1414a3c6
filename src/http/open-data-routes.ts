// Statistics, open data descriptions, sitemap and robots.txt. Mounted by app.ts before the site routes.
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';

export function openDataRoutes(_deps: { catalogue: Catalogue }): Router {
  const router = Router();
  return router;
}
