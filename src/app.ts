// The Express application: headers, assets, routes, 404 and one error handler. It never listens:
// main.ts does, and tests start it on a port of their own.
import express from 'express';
import type { Store } from 'express-session';
import type { Config } from './config.js';
import type { Catalogue } from './domain/catalogue.js';
import type { ModeratorStore } from './domain/moderator-account.js';
import type { MaterialDependencies } from './domain/materials.js';
import type { PracticeUpdateStores } from './domain/practice-updates.js';
import type { MailOutbox, OutboxStore } from './domain/outbox.js';
import type { ContactRelayStore } from './domain/contact.js';
import type { ModeratorNoticeStore } from './domain/moderator-notice-store.js';
import { siteLinksOf } from './http/public-url.js';
import { authRoutes } from './http/auth-routes.js';
import { beheerPaths } from './http/beheer-paths.js';
import { publicReadCors } from './http/middleware/cors.js';
import cookieParser from 'cookie-parser';
import { csrf } from './http/middleware/csrf.js';
import { materialUpload } from './http/middleware/material-upload.js';
import { errorHandler, notFound } from './http/middleware/error-handler.js';
import { noStore, requireModerator } from './http/middleware/require-moderator.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { sessionCookieName, sessionCookieOptions, sessions } from './http/middleware/session.js';
import { moderationRoutes } from './http/moderation-routes.js';
import { apiDocsRoutes } from './http/api-docs-routes.js';
import { exportRoutes, type ExportRouteDependencies } from './http/export-routes.js';
import { openDataRoutes } from './http/open-data-routes.js';
import { apiRoutes, checkRoutes, formBody, healthRoutes, siteRoutes } from './http/routes.js';
import type { DatabaseHealth } from './store/database-health.js';
import { httpCaching } from './http/middleware/http-caching.js';
import { operatorView } from './http/presenters/operator-presenter.js';
import { requestLog } from './http/middleware/request-log.js';
import { createLogger, type Logger } from './log.js';
import { paths } from './paths.js';
import { viewEngine } from './http/view-engine.js';
import { viewFragments } from './http/view-fragments.js';
import { signingKey } from './http/signing-keys.js';
import type { PracticeCheckStore } from './domain/yearly-check.js';
import type { AdoptionStore } from './domain/adoptions.js';
import type { SynonymStore } from './domain/synonym-store.js';

export interface AppDependencies {
  readonly config: Config;
  readonly catalogue: Catalogue;
  /** With the yearly check's questions (practiceChecks), which its signed link answers, and the moderators' synonym lists. */
  readonly stores: PracticeUpdateStores & { readonly practiceChecks: PracticeCheckStore; readonly adoptions: AdoptionStore; readonly synonyms: SynonymStore };
  readonly moderators: ModeratorStore;
  /** Where sessions live: the SqliteSessionStore of the services. */
  readonly sessionStore: Store;
  /** The database's state for /healthz. */
  readonly databaseHealth: () => DatabaseHealth;
  /** Uploaded materials: their rows and their files. */
  readonly materialStores: MaterialDependencies;
  /** Structured log of requests and events; main.ts makes it from LOG_LEVEL, tests capture it. */
  readonly logger?: Logger;
  /** Where messages are written with their cause; links in them come from PUBLIC_URL. */
  readonly outbox: OutboxStore;
  /** Each moderator's choice of e-mail about waiting work (the notices are written with their cause). */
  readonly moderatorNotices: ModeratorNoticeStore;
  /** Relayed contact messages, as the limits count them. */
  readonly contactRelays: ContactRelayStore;
  /** Limits of the export copies (export-cache.ts); tests make them small. */
  readonly exportCache?: ExportRouteDependencies['cache'];
  /** The slugs of the seed records (the practices from the source texts), for the about page. */
  readonly seedSlugs?: ReadonlySet<string>;
}

export function createApp({ config, catalogue, stores: storesWithoutMail, moderators, sessionStore, databaseHealth, materialStores, outbox, contactRelays, moderatorNotices, logger = createLogger(), exportCache, seedSlugs }: AppDependencies): express.Express {
  const app = express();
  // Messages are written with their cause; their links come from PUBLIC_URL, never from a request's Host.
  const mail: MailOutbox = { store: outbox, links: siteLinksOf(config.publicUrl) };
  const stores = { ...storesWithoutMail, mail, moderatorNotices };
  const viewOptions = { viewsDir: config.viewsDir, production: config.env === 'production' };
  app.set('views', config.viewsDir);
  app.engine('ejs', viewEngine(viewOptions));
  app.set('view engine', 'ejs');
  app.set('query parser', 'simple');
  // No ETag from a hash of every body: public answers get a catalogue-version ETag (httpCaching) that
  // answers 304 before any work, and personal pages get none.
  app.set('etag', false);
  app.locals.paths = paths;
  app.locals.beheerPaths = beheerPaths;
  // Fragments kept with the frozen views they are made of; the results page is sent in parts around them.
  const fragments = viewFragments(viewOptions);
  app.locals.fragments = fragments.inText;
  // Who runs the site, said once: the footer of every page, the statements and the practice page use it.
  app.locals.operator = operatorView(config.operator);
  // X-Forwarded-For/-Proto count only from the proxies named in TRUST_PROXY (off by default).
  if (config.trustProxy !== false) app.set('trust proxy', typeof config.trustProxy === 'number' ? config.trustProxy : [...config.trustProxy]);

  // First, so every answer (a 403 from the CSRF check, a 429, an error) is logged with its request id.
  app.use(requestLog(logger, { trustIncomingId: config.trustProxy !== false }));
  app.use(securityHeaders({ production: config.env === 'production' }));
  // Public answers carry a catalogue-version ETag and may be kept a minute by a shared cache.
  const caching = httpCaching({ catalogueVersion: () => catalogue.answersKey });
  // Any web page may read the public API (GET and HEAD only). It needs no session or form token, so it
  // comes before them: no session is made up and thrown away for every API call. Other methods fall
  // through to the CSRF check (403). It is mounted before the health checks and the static files too,
  // whose paths it never shares: an API call then passes through no other router (docs/performance.md).
  app.use('/api/v1', publicReadCors, caching, apiRoutes({ catalogue }));
  app.use(healthRoutes({ catalogue, database: databaseHealth }));
  app.use('/assets', express.static(config.assetsDir, { maxAge: config.env === 'production' ? '1d' : 0, index: false }));
  // Every answer under /beheer, errors included, stays out of caches.
  app.use('/beheer', noStore);
  app.use((req, res, next) => {
    res.locals.currentPath = req.path;
    next();
  });
  // A session (and its row) only exists once a moderator logs in; visitors' forms need none.
  app.use(sessions({ config, store: sessionStore }));
  // Form bodies and cookies are read before the CSRF check, which compares `_csrf` with its cookie;
  // every POST route (and its formBody) then finds the body read already.
  app.use(formBody);
  app.use(cookieParser());
  const forms = csrf(config);
  // Multipart practice forms (with files) are read here, so the CSRF check below finds their `_csrf`.
  app.use(materialUpload({ files: materialStores.materialFiles, csrfValid: forms.isValid }));
  app.use(forms.protection);
  app.use(forms.locals);
  app.use(caching);
  // Login and logout answer anyone; every other /beheer route comes after the guard.
  const cookie = { name: sessionCookieName(config), options: sessionCookieOptions(config) };
  app.use('/beheer', authRoutes({ moderators, cookie, secondFactor: config.moderatorSecondFactor }), requireModerator(moderators), moderationRoutes({ practices: stores.practices, events: stores.events, practiceUpdates: stores.practiceUpdates, catalogue, materialStores, mail, moderatorNotices, adoptions: stores.adoptions, synonyms: stores.synonyms }));
  const { publicUrl } = config;
  app.use(apiDocsRoutes({ catalogue, publicUrl }));
  app.use(exportRoutes({ catalogue, publicUrl, databasePath: config.databasePath, logger, cache: exportCache }));
  app.use(openDataRoutes({ catalogue, publicUrl }));
  // A sender's address is counted by a keyed hash, never kept as it is.
  const contact = { stores: { relays: contactRelays, mail, senderKey: signingKey(config.sessionSecret, 'contact-sender') }, operator: config.operator };
  app.use(checkRoutes({ stores: { ...stores, checks: stores.practiceChecks, catalogueChanged: () => void catalogue.refreshInBackground() }, key: signingKey(config.sessionSecret, 'yearly-check'), materialStores }));
  app.use(siteRoutes({ catalogue, stores, publicUrl, materialStores, contact, seedSlugs, fragments, formKeySecret: signingKey(config.sessionSecret, 'submission-key'), sessionLifetimes: { idleMs: config.sessionIdleTimeoutMs, absoluteMs: config.sessionAbsoluteTimeoutMs } }));
  app.use(notFound);
  app.use(errorHandler());
  return app;
}
