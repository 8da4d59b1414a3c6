// The Express application: headers, assets, routes, 404 and one error handler. It never listens:
// main.ts does, and tests start it on a port of their own.
import express from 'express';
import type { Config } from './config.js';
import type { Catalogue } from './domain/catalogue.js';
import { errorHandler, notFound } from './http/middleware/error-handler.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { apiRoutes, siteRoutes } from './http/routes.js';
import { paths } from './paths.js';

export interface AppDependencies {
  readonly config: Config;
  readonly catalogue: Catalogue;
  readonly log?: (message: string, error: unknown) => void;
}

export function createApp({ config, catalogue, log = defaultLog }: AppDependencies): express.Express {
  const app = express();
  app.set('views', config.viewsDir);
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  app.locals.paths = paths;

  app.use(securityHeaders({ production: config.env === 'production' }));
  app.use('/assets', express.static(config.assetsDir, { maxAge: config.env === 'production' ? '1d' : 0, index: false }));
  app.use((req, res, next) => {
    res.locals.currentPath = req.path;
    next();
  });
  app.use('/api/v1', apiRoutes({ catalogue }));
  app.use(siteRoutes({ catalogue }));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}

function defaultLog(message: string, error: unknown): void {
  console.error(message, error);
}
