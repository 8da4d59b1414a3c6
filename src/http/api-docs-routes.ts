// The API's OpenAPI description and its Dutch documentation page. Mounted by app.ts before the site routes.
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';

export function apiDocsRoutes(_deps: { catalogue: Catalogue }): Router {
  const router = Router();
  return router;
}
