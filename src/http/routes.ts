// The route table of the site: one line per route, the handlers live in controllers/.
import express, { Router } from 'express';
import type { Catalogue } from '../domain/catalogue.js';
import type { MaterialDependencies } from '../domain/materials.js';
import type { PracticeUpdateStores } from '../domain/practice-updates.js';
import { apiController } from './controllers/api-controller.js';
import { type ContactDependencies, contactController } from './controllers/contact-controller.js';
import { adoptionController } from './controllers/adoption-controller.js';
import type { AdoptionStore } from '../domain/adoptions.js';
import { materialController } from './controllers/material-controller.js';
import { healthController, type HealthDependencies } from './controllers/health-controller.js';
import { pagesController, type SessionLifetimes } from './controllers/pages-controller.js';
import { practicesController } from './controllers/practices-controller.js';
import { submissionController } from './controllers/submission-controller.js';
import { updateController } from './controllers/update-controller.js';
import { type CheckControllerDependencies, checkController } from './controllers/check-controller.js';
import { submissionRateLimit } from './middleware/submission-rate-limit.js';
import type { KeptFragments } from './view-fragments.js';

export interface RouteDependencies {
  readonly catalogue: Catalogue;
}

export interface SiteRouteDependencies extends RouteDependencies {
  /** With the "wij doen dit ook" adoptions. */
  readonly stores: PracticeUpdateStores & { readonly adoptions: AdoptionStore };
  /** The site's public origin (PUBLIC_URL), the base of every absolute URL. */
  readonly publicUrl: string;
  /** Signs the submission form's keys (signing-keys.ts). */
  readonly formKeySecret: string;
  /** Fragments of pages kept as bytes; the results page is sent in parts around them (view-fragments.ts). */
  readonly fragments: KeptFragments;
  /** Uploaded materials: their rows and their files. */
  readonly materialStores: MaterialDependencies;
  readonly sessionLifetimes?: SessionLifetimes;
  /** The contact forms: where relays are counted and mail is written, and who runs the site. */
  readonly contact: Omit<ContactDependencies, 'catalogue'>;
  /** The slugs of the seed records: the about page counts the practices from the source texts. */
  readonly seedSlugs?: ReadonlySet<string>;
}

/** Form bodies: small, flat (no nested objects from field names), enough fields for every municipality. */
export const formBody = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 });

export function siteRoutes({ catalogue, stores, publicUrl, formKeySecret, sessionLifetimes, materialStores, contact: contactDependencies, seedSlugs = new Set(), fragments }: SiteRouteDependencies): Router {
  const pages = pagesController(catalogue, sessionLifetimes, seedSlugs);
  const practices = practicesController(catalogue, publicUrl, fragments);
  const submission = submissionController({ catalogue, publicUrl, formKeySecret, materialStores, ...stores });
  const materials = materialController({ catalogue, practices: stores.practices, submissions: stores, materialFiles: materialStores.materialFiles, practiceUpdates: stores.practiceUpdates });
  const updates = updateController(stores, materialStores);
  const contact = contactController({ catalogue, ...contactDependencies });
  const adoption = adoptionController({ catalogue, stores });
  const router = Router();
  router.get('/', pages.home);
  router.get('/praktijken', practices.search);
  router.get('/praktijken/filters/:facet', practices.facetValues);
  router.get('/praktijken/:slug', practices.show);
  router.get('/praktijken/:slug/materialen/:hash/:fileName', materials.published);
  router.get('/praktijken/:slug/contact', contact.makersForm);
  router.post('/praktijken/:slug/contact', contact.flood, formBody, contact.makersSend);
  router.get('/praktijken/:slug/contact/verzonden', contact.makersSent);
  router.get('/praktijken/:slug/wij-doen-dit-ook', adoption.form);
  router.post('/praktijken/:slug/wij-doen-dit-ook', adoption.flood, formBody, adoption.submit);
  router.get('/wij-doen-dit-ook/bevestigen/:token', adoption.confirmPage);
  router.post('/wij-doen-dit-ook/bevestigen/:token', formBody, adoption.confirm);
  router.get('/indienen', submission.form);
  router.post('/indienen', submissionRateLimit(), formBody, submission.submit);
  router.get('/indienen/gelijkaardig', submission.lookalikes);
  router.get('/indienen/status/:token', updates.statusLocals, submission.status);
  router.get('/indienen/status/:token/materialen/:hash/:fileName', materials.throughStatusLink);
  router.get('/indienen/status/:token/aanpassen', submission.editForm);
  router.post('/indienen/status/:token/aanpassen', submissionRateLimit(), formBody, submission.edit);
  router.get('/indienen/status/:token/bijwerken', updates.form);
  router.post('/indienen/status/:token/bijwerken', submissionRateLimit(), formBody, updates.propose);
  router.get('/over', pages.about);
  router.get('/contact', contact.operatorForm);
  router.post('/contact', contact.flood, formBody, contact.operatorSend);
  router.get('/contact/verzonden', contact.operatorSent);
  router.get('/privacy', pages.privacy);
  router.get('/toegankelijkheid', pages.accessibility);
  router.get('/stand-van-de-praktijk', pages.evidenceLevels);
  return router;
}

/** The yearly check's signed link (issue 14, point 5): the question, its confirmation, and the way to propose changes. */
export function checkRoutes(dependencies: CheckControllerDependencies): Router {
  const check = checkController(dependencies);
  const router = Router();
  router.get('/nakijken/:token', check.show);
  router.post('/nakijken/:token', formBody, check.confirm);
  router.get('/nakijken/:token/bijwerken', check.updateForm);
  router.post('/nakijken/:token/bijwerken', submissionRateLimit(), formBody, check.propose);
  return router;
}

/** The health check, mounted before sessions and CSRF: a probe needs neither. */
export function healthRoutes(dependencies: HealthDependencies): Router {
  const router = Router();
  router.get('/healthz', healthController(dependencies).health);
  return router;
}

export function apiRoutes({ catalogue }: RouteDependencies): Router {
  const api = apiController(catalogue);
  const router = Router();
  router.get('/practices', api.list);
  router.get('/practices/:slug', api.show);
  return router;
}
