// The moderators' pages behind the guard, mounted at /beheer by app.ts after requireModerator.
import { Router } from 'express';
import { evidenceController } from './controllers/evidence-controller.js';
import { materialController } from './controllers/material-controller.js';
import { type ModerationDependencies, moderationController } from './controllers/moderation-controller.js';
import { updateReviewController } from './controllers/update-review-controller.js';
import { outboxController } from './controllers/outbox-controller.js';
import type { MailOutbox } from '../domain/outbox.js';
import type { ModeratorNoticeStore } from '../domain/moderator-notice-store.js';
import { noticeSettingsController } from './controllers/notice-settings-controller.js';
import { adoptionReviewController } from './controllers/adoption-review-controller.js';
import type { AdoptionStore } from '../domain/adoptions.js';
import type { SynonymStore } from '../domain/synonym-store.js';
import { synonymsController } from './controllers/synonyms-controller.js';

export function moderationRoutes(deps: ModerationDependencies & { readonly mail: MailOutbox; readonly moderatorNotices: ModeratorNoticeStore; readonly adoptions: AdoptionStore; readonly synonyms: SynonymStore }): Router {
  const moderation = moderationController(deps);
  const stores = { ...deps, catalogueChanged: () => void deps.catalogue.refreshInBackground() };
  const evidence = evidenceController(stores, moderation.renderReview);
  const updates = updateReviewController(stores);
  const materials = materialController({ catalogue: deps.catalogue, practices: deps.practices, materialFiles: deps.materialStores.materialFiles, practiceUpdates: deps.practiceUpdates });
  const adoptions = adoptionReviewController(stores);
  const router = Router();
  router.get('/', moderation.queue);
  router.get('/praktijken/:id', moderation.review);
  router.post('/praktijken/:id/beslissing', moderation.decide);
  router.get('/praktijken/:id/bewerken', moderation.editForm);
  router.post('/praktijken/:id/bewerken', moderation.edit);
  router.get('/praktijken/:id/materialen/:hash/:fileName', materials.forModerator);
  router.post('/praktijken/:id/stand', evidence.judge);
  router.get('/praktijken/:id/voorstel', updates.show);
  router.post('/praktijken/:id/voorstel', updates.decide);
  router.get('/overnames', adoptions.list);
  router.post('/overnames/:id/beslissing', adoptions.decide);
  router.get('/uitgaande-post', outboxController(deps.mail.store).show);
  const notices = noticeSettingsController(deps.moderatorNotices);
  router.get('/meldingen', notices.show);
  router.post('/meldingen', notices.save);
  const synonyms = synonymsController({ synonyms: deps.synonyms, catalogue: deps.catalogue });
  router.get('/synoniemen', synonyms.show);
  router.post('/synoniemen', synonyms.save);
  router.post('/synoniemen/standaard', synonyms.restoreDefault);
  router.post('/synoniemen/:id/terugzetten', synonyms.restore);
  return router;
}
