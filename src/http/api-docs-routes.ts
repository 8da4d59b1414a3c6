// The API's OpenAPI description and its Dutch documentation page. Mounted by app.ts before the site routes.
// The document is built once, when the app is made; the page is read from that same document.
import { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';
import { paths } from '../paths.js';
import { openApiDocument } from './openapi.js';
import { apiDocsView } from './presenters/api-docs-presenter.js';

// The description changes only with a new version of the app; an hour in a cache is harmless.
const CACHE = 'public, max-age=3600';

export function apiDocsRoutes({ catalogue, publicUrl }: { catalogue: Catalogue; publicUrl: string }): Router {
  const document = openApiDocument();
  const body = JSON.stringify(document, null, 2);
  const router = Router();
  router.get(paths.api.openapi(), (_req, res) => {
    res.set('Cache-Control', CACHE).type('application/json').send(body);
  });
  router.get(paths.apiDocs(), (_req, res) => {
    const view = apiDocsView(document, { origin: publicUrl, exampleSlug: catalogue.all()[0]?.slug });
    res.render('pages/api', { pageTitle: 'API voor onderzoekers en ontwikkelaars', view });
  });
  return router;
}
