// The routes of /beheer that must work without a login: the login form, its second step and logging out.
import { Router } from 'express';
import { authController, type AuthControllerOptions } from './controllers/auth-controller.js';
import { loginRateLimit } from './middleware/rate-limits.js';

export function authRoutes(options: AuthControllerOptions): Router {
  const auth = authController(options);
  const router = Router();
  router.get('/inloggen', auth.showLogin);
  const attempts = loginRateLimit();
  router.post('/inloggen', attempts, auth.login);
  router.get('/inloggen/code', auth.showSecondFactor);
  router.post('/inloggen/code', attempts, auth.checkSecondFactor);
  router.post('/uitloggen', auth.logout);
  return router;
}
