// The moderators' pages behind the guard, mounted at /beheer by app.ts after requireModerator.
import { Router } from 'express';
import { type ModerationDependencies, moderationController } from './controllers/moderation-controller.js';

export function moderationRoutes(deps: ModerationDependencies): Router {
  const moderation = moderationController(deps);
  const router = Router();
  router.get('/', moderation.queue);
  router.get('/praktijken/:id', moderation.review);
  router.post('/praktijken/:id/beslissing', moderation.decide);
  router.get('/praktijken/:id/bewerken', moderation.editForm);
  router.post('/praktijken/:id/bewerken', moderation.edit);
  return router;
}
