// The routes of /beheer that must work without a login: the login form and logging out.
import { Router } from 'express';
import { authController, type AuthControllerOptions } from './controllers/auth-controller.js';
import { loginRateLimit } from './middleware/rate-limits.js';

export function authRoutes(options: AuthControllerOptions): Router {
  const auth = authController(options);
  const router = Router();
  router.get('/inloggen', auth.showLogin);
  router.post('/inloggen', loginRateLimit(), auth.login);
  router.post('/uitloggen', auth.logout);
  return router;
}
