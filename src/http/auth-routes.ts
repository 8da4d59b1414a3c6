// The routes of /beheer that must work without a login: the login form, its second step, the
// enrolment link that sets up the second factor, and logging out.
import { Router } from 'express';
import { authController, type AuthControllerOptions } from './controllers/auth-controller.js';
import { loginFloodLimit } from './middleware/rate-limits.js';

export function authRoutes(options: AuthControllerOptions): Router {
  const auth = authController(options);
  const router = Router();
  const flood = loginFloodLimit({ exempt: auth.fromKnownDevice });
  router.get('/inloggen', auth.showLogin);
  router.post('/inloggen', flood, auth.login);
  router.get('/inloggen/code', auth.showSecondFactor);
  router.post('/inloggen/code', flood, auth.checkSecondFactor);
  router.get('/inschrijven/:token', auth.showEnrolment);
  router.post('/inschrijven/:token', flood, auth.enrol);
  router.post('/uitloggen', auth.logout);
  return router;
}
