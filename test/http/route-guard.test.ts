// Every moderation route must sit behind requireModerator. This walks the real app's router stack,
// so a route added later without the guard fails here, and then asks each route itself.
import { expect } from 'chai';
import express, { Router } from 'express';
import request from 'supertest';
import { csrfTokenIn, useTestApp } from '../support/test-app.js';

/** The only /beheer routes anyone may reach: logging in (password, then code), the enrolment link, and logging out. */
const PUBLIC_BEHEER_ROUTES = [
  'GET /beheer/inloggen',
  'POST /beheer/inloggen',
  'GET /beheer/inloggen/code',
  'POST /beheer/inloggen/code',
  'GET /beheer/inschrijven/:token',
  'POST /beheer/inschrijven/:token',
  'POST /beheer/uitloggen',
];

// The parts of router@2's Layer and Route this test reads (they are not in the type definitions).
interface LayerLike {
  name: string;
  rawPath?: unknown;
  handle: { stack?: LayerLike[] };
  route?: { path: unknown; methods: Record<string, boolean>; stack: LayerLike[] };
}

type Entry =
  | { kind: 'guard'; path: string }
  | { kind: 'middleware'; path: string; name: string }
  | { kind: 'route'; path: string; methods: string[]; guardedInRoute: boolean };

const join = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`.replace(/\/{2,}/g, '/'));

/** The app's routes and middleware in the order a request meets them, with their full paths. */
function flatten(stack: LayerLike[], prefix = '', out: Entry[] = []): Entry[] {
  for (const layer of stack) {
    if (layer.route) {
      const path = layer.route.path;
      if (typeof path !== 'string') throw new Error(`route with a non-string path under ${prefix}: this test cannot check it`);
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route?.methods[m]).map((m) => m.toUpperCase());
      out.push({ kind: 'route', path: join(prefix, path), methods, guardedInRoute: layer.route.stack.some((l) => l.name === 'requireModerator') });
      continue;
    }
    const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
    const path = join(prefix, mount);
    if (layer.name === 'requireModerator') out.push({ kind: 'guard', path });
    else if (Array.isArray(layer.handle.stack)) flatten(layer.handle.stack, path === '/' ? '' : path, out);
    else out.push({ kind: 'middleware', path, name: layer.name });
  }
  return out;
}

const underBeheer = (path: string) => path === '/beheer' || path.startsWith('/beheer/');
// A first segment that is a parameter or wildcard ('/:slug', '/{*splat}') matches /beheer/... as well.
const mayMatchBeheer = (path: string) => underBeheer(path) || /^\/[:*{]/.test(path);
const covers = (guardPath: string, path: string) => guardPath === '/' || path === guardPath || path.startsWith(`${guardPath}/`);

/** Every way into /beheer that no moderator guard stands in front of, as "METHOD /path". */
function unguardedBeheerRoutes(app: express.Express): string[] {
  const entries = flatten((app.router as unknown as { stack: LayerLike[] }).stack);
  const problems: string[] = [];
  const guardsSoFar: string[] = [];
  for (const entry of entries) {
    if (entry.kind === 'guard') guardsSoFar.push(entry.path);
    else if (entry.kind === 'middleware') {
      // Middleware mounted on a /beheer path could answer by itself; only the no-store header may come first.
      if (underBeheer(entry.path) && entry.name !== 'noStore' && !guardsSoFar.some((g) => covers(g, entry.path))) problems.push(`USE ${entry.path} (${entry.name})`);
    } else if (mayMatchBeheer(entry.path) && !entry.guardedInRoute && !guardsSoFar.some((g) => covers(g, entry.path))) {
      for (const method of entry.methods) {
        const route = `${method} ${entry.path}`;
        if (!PUBLIC_BEHEER_ROUTES.includes(route)) problems.push(route);
      }
    }
  }
  return problems;
}

function beheerRoutes(app: express.Express): { method: string; path: string }[] {
  return flatten((app.router as unknown as { stack: LayerLike[] }).stack)
    .filter((e): e is Extract<Entry, { kind: 'route' }> => e.kind === 'route' && underBeheer(e.path))
    .flatMap((e) => e.methods.map((method) => ({ method, path: e.path })))
    .filter((r) => !PUBLIC_BEHEER_ROUTES.includes(`${r.method} ${r.path}`));
}

/** A concrete address for a route pattern: every parameter 1, every wildcard x, optional parts kept. */
const concrete = (pattern: string) => pattern.replace(/\*\w+/g, 'x').replace(/:\w+/g, '1').replace(/[{}]/g, '');

describe('the moderator guard on every /beheer route', function () {
  this.timeout(20_000);
  const t = useTestApp();

  it('the walk notices an unguarded /beheer route (a check of this test itself)', () => {
    const unsafe = express();
    const open = Router();
    open.get('/export', (_req, res) => res.send('geheim'));
    unsafe.use('/beheer', open);
    unsafe.get('/:page', (_req, res) => res.send('vangt ook /beheer'));
    unsafe.use('/beheer/stats', (_req, res) => res.send('geheim'));
    function requireModerator(_req: express.Request, _res: express.Response, next: express.NextFunction) {
      next();
    }
    unsafe.use('/beheer', requireModerator, Router().get('/veilig', (_req, res) => res.send('ok')));
    expect(unguardedBeheerRoutes(unsafe)).to.deep.equal(['GET /beheer/export', 'GET /:page', 'USE /beheer/stats (<anonymous>)']);
  });

  it('finds the guard in the real app, and no /beheer route in front of it but login and logout', () => {
    const entries = flatten((t.app.router as unknown as { stack: LayerLike[] }).stack);
    expect(entries.filter((e) => e.kind === 'guard').map((e) => e.path)).to.include('/beheer');
    expect(unguardedBeheerRoutes(t.app)).to.deep.equal([]);
    const publicRoutes = entries.filter((e) => e.kind === 'route' && underBeheer(e.path) && !e.guardedInRoute).length;
    expect(publicRoutes).to.be.greaterThan(0);
  });

  it('sends a visitor without a session from every guarded GET route to the login page', async () => {
    const gets = beheerRoutes(t.app).filter((r) => r.method === 'GET');
    expect(gets.length, 'the app has moderation pages').to.be.greaterThan(0);
    for (const { path } of gets) {
      const url = concrete(path);
      const res = await request(t.app).get(url);
      expect(res.status, `GET ${url}`).to.equal(303);
      expect(res.headers.location, `GET ${url}`).to.equal(url === '/beheer' ? '/beheer/inloggen' : `/beheer/inloggen?returnTo=${encodeURIComponent(url)}`);
      expect(res.headers['cache-control'], `GET ${url}`).to.equal('no-store');
    }
  });

  it('refuses every other guarded route with a 403, with or without a valid CSRF token', async () => {
    const agent = request.agent(t.app);
    const token = csrfTokenIn((await agent.get('/beheer/inloggen').expect(200)).text);
    for (const { method, path } of beheerRoutes(t.app).filter((r) => r.method !== 'GET' && r.method !== 'HEAD')) {
      const url = concrete(path);
      const call = (a: ReturnType<typeof request.agent>) => a[method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](url).type('form');
      expect((await call(request.agent(t.app)).send({})).status, `${method} ${url} without a token`).to.equal(403);
      expect((await call(agent).send({ _csrf: token })).status, `${method} ${url} with a token but no login`).to.equal(403);
    }
  });
});
