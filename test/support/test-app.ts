// The real application on a real SQLite file in a temporary folder, seeded with the real seed
// catalogue, as a user would meet it after the first start. A suite gets one with useTestApp(), which
// starts and closes it in the suite's own hooks; startTestApp() is for a second app inside one test.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type express from 'express';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createModerator, type Moderator } from '../../src/domain/moderators.js';
import { expressInstances } from '../../src/http/express-instances.js';
import { completeEnrolment, enrolmentSecret, issueEnrolmentLink, totpCode } from '../../src/domain/second-factor.js';
import { appDependenciesOf, openServices, type Services } from '../../src/services.js';
import { captureLog, type CapturedLog } from './log-capture.js';

/** The app under test, as tests and the helpers here use it. */
export interface TestApp {
  readonly app: express.Express;
  readonly services: Services;
  readonly config: Config;
  /** Errors the app logged as server errors; a test that expects none can assert it stays empty. */
  readonly serverErrors: unknown[];
  /** Everything the app logged, as JSON lines. */
  readonly log: CapturedLog;
}

/** An app started by hand: whoever started it closes it (and its temporary folder). */
export interface StartedTestApp extends TestApp {
  close(): void;
}

export function startTestApp(environment: Record<string, string> = {}): StartedTestApp {
  const dir = mkdtempSync(join(tmpdir(), 'praktijkbank-test-'));
  let config: Config;
  let services: Services;
  const log = captureLog();
  try {
    config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'praktijkbank.sqlite'), ...environment });
    // The clock's work (digests, yearly checks) runs when a test says so: services.runScheduledJobs(now).
    services = openServices(config, log.logger, { runJobs: false });
  } catch (error) {
    // A test of a configuration that must not start leaves no folder behind.
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const app = createApp({ config, ...appDependenciesOf(services), logger: log.logger });
  // As in production (express turns it on for NODE_ENV=production): templates compiled once, not per page.
  app.enable('view cache');
  return {
    app,
    services,
    config,
    get serverErrors() {
      return log.serverErrors();
    },
    log,
    close() {
      services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ServedTestApp {
  readonly t: StartedTestApp;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * The test app listening on a free port of the loopback interface, for a browser, with PUBLIC_URL that
 * address (as main.ts does): links the app builds absolute, such as a status link, lead back to it.
 */
export async function serveTestApp(environment: Record<string, string> = {}): Promise<ServedTestApp> {
  // Requests made with the app's prototypes, as main.ts's server makes them: the browser tests and the
  // fuzzers go through the same objects production does.
  const instances = expressInstances();
  const server: Server = createServer(instances ? { IncomingMessage: instances.IncomingMessage, ServerResponse: instances.ServerResponse } : {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = startTestApp({ PUBLIC_URL: baseUrl, ...environment });
  instances?.adopt(t.app);
  server.on('request', t.app);
  return {
    t,
    baseUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      t.close();
    },
  };
}

export interface TestAppOptions {
  /**
   * Settings over the test defaults, as environment variables. A function when they are known only once
   * the suite's own `before` hooks ran (a mount point, say).
   */
  readonly environment?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** `'suite'` (the default): one app for every test of the describe. `'test'`: a new app, on a new database, for each test. */
  readonly per?: 'suite' | 'test';
  /** Listen on a loopback port with PUBLIC_URL that address, for a browser or a fuzzer: gives `baseUrl`. */
  readonly serve?: boolean;
  /** `'fail'` (the default): a test after which the app logged a server error fails. `'allow'`: for suites about errors the app logs. */
  readonly serverErrors?: 'fail' | 'allow';
  /** Runs just before the app closes, with the app (to print what it counted, or wait for work it started). */
  readonly beforeClose?: (t: TestApp) => void | Promise<void>;
}

/** The app of a suite: valid inside its tests and hooks, the same object throughout. */
export interface SuiteApp extends TestApp {
  /** Where the app listens (with `serve: true` only), e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
}

/**
 * The app for the describe it is called in: registers the hooks that start it (per suite or per test)
 * and close it, and after each test checks that the app logged no server error. Call it at the top of
 * the describe; the returned handle reads whichever app is running, so `t.app` and `t.services` work
 * in every test and in the suite's own hooks.
 */
export function useTestApp(options: TestAppOptions = {}): SuiteApp {
  const { per = 'suite', serve = false, serverErrors = 'fail' } = options;
  let running: { readonly t: StartedTestApp; readonly baseUrl?: string; close(): Promise<void> } | undefined;

  const environment = () => (typeof options.environment === 'function' ? options.environment() : (options.environment ?? {}));
  async function start() {
    if (serve) {
      const served = await serveTestApp({ ...environment() });
      running = { t: served.t, baseUrl: served.baseUrl, close: () => served.close() };
    } else {
      const t = startTestApp({ ...environment() });
      running = {
        t,
        close: () => {
          t.close();
          return Promise.resolve();
        },
      };
    }
  }
  async function close() {
    const closing = running;
    running = undefined;
    if (!closing) return;
    try {
      await options.beforeClose?.(closing.t);
    } finally {
      await closing.close();
    }
  }
  const expectNoServerErrors = (errors: unknown[]) => expect(errors, 'no request may end in a server error').to.deep.equal([]);

  if (per === 'test') {
    beforeEach('start the app', start);
    afterEach('close the app', async () => {
      const errors = running?.t.serverErrors ?? [];
      await close();
      if (serverErrors === 'fail') expectNoServerErrors(errors);
    });
  } else {
    before('start the app', start);
    if (serverErrors === 'fail') afterEach('no server errors', () => expectNoServerErrors(running?.t.serverErrors ?? []));
    after('close the app', close);
  }

  const current = () => {
    if (!running) throw new Error('useTestApp: the app runs only during the tests and hooks of the describe that asked for it');
    return running;
  };
  return {
    get app() {
      return current().t.app;
    },
    get services() {
      return current().t.services;
    },
    get config() {
      return current().t.config;
    },
    get serverErrors() {
      return current().t.serverErrors;
    },
    get log() {
      return current().t.log;
    },
    get baseUrl() {
      const { baseUrl } = current();
      if (baseUrl === undefined) throw new Error('useTestApp: give it { serve: true } for an app that listens on a port');
      return baseUrl;
    },
  };
}

export const TEST_MODERATOR_PASSWORD = 'correct paard batterij nietje';

let moderatorCount = 0;

/**
 * Adds a moderator account to the test app's database (argon2id, like the CLI does) and, unless
 * `secondFactor` is false, sets up its second factor as its enrolment link would: the link is issued and
 * used with the password and the code of half a minute ago, so the codes of now and of the next half
 * minute are still unused for logging in.
 */
export async function addModerator(
  t: TestApp,
  email = `moderator${++moderatorCount}@praktijkbank.test`,
  password = TEST_MODERATOR_PASSWORD,
  { secondFactor = true }: { secondFactor?: boolean } = {},
): Promise<Moderator> {
  const moderator = await createModerator(t.services.moderators, email, password);
  if (!secondFactor) return moderator;
  const enrolledAt = new Date(Date.now() - 30_000);
  const link = issueEnrolmentLink(t.services.moderators, moderator.email, enrolledAt);
  if (!link) throw new Error(`no enrolment link for ${moderator.email}`);
  const code = totpCode(enrolmentSecret(link.token), enrolledAt);
  const enrolled = await completeEnrolment(t.services.moderators, { token: link.token, password, code, clientAddress: undefined }, enrolledAt);
  if (!enrolled.ok) throw new Error(`setting up the second factor of ${moderator.email} failed: ${enrolled.reason}`);
  return moderator;
}

/** The text of a page's error summary, whitespace collapsed. */
export function errorSummary(html: string): string {
  return cheerio.load(html)('.error-summary').text().replace(/\s+/g, ' ').trim();
}

/** The `_csrf` value of the first form on a page; throws when the page has none. */
export function csrfTokenIn(html: string): string {
  const token = cheerio.load(html)('input[name="_csrf"]').first().attr('value');
  if (!token) throw new Error('the page has no form with a _csrf field');
  return token;
}

export type Agent = ReturnType<typeof request.agent>;

export interface LoggedIn {
  /** A supertest agent carrying the moderator's session cookie. */
  readonly agent: Agent;
  readonly moderator: Moderator;
  readonly password: string;
  /** The session's CSRF token: send it as `_csrf` with every POST of this agent. */
  readonly csrfToken: string;
}

/** The second step of a login, as the moderator with the app would take it: a fresh code from the account's secret. */
export async function enterSecondFactor(t: TestApp, agent: Agent, moderatorId: number): Promise<request.Response> {
  const page = await agent.get('/beheer/inloggen/code').expect(200);
  const secret = t.services.moderators.findById(moderatorId)?.totpSecret;
  if (!secret) throw new Error('the account has no second factor: give addModerator secondFactor: true, or enrol it through its link');
  const res = await agent.post('/beheer/inloggen/code').type('form').send({ _csrf: csrfTokenIn(page.text), code: unusedCode(t, moderatorId, secret) });
  if (res.status !== 303) throw new Error(`the second factor answered ${res.status}, not 303`);
  return res;
}

/**
 * A code the app would show now, or half a minute before or after (the window the server allows),
 * whose time step was not used yet: a test can log in with one account three times within 30 s.
 */
export function unusedCode(t: TestApp, moderatorId: number, secret: string, now = Date.now()): string {
  const lastStep = t.services.moderators.findById(moderatorId)?.totpLastStep ?? -1;
  for (const offset of [-30_000, 0, 30_000]) {
    if (Math.floor((now + offset) / 30_000) > lastStep) return totpCode(secret, new Date(now + offset));
  }
  throw new Error('every code of this half minute was used: log in with another account');
}

/**
 * Logs in through the real login form and its second step (TOTP), as a browser would, creating the
 * moderator (second factor set up) first unless an account with that e-mail address exists. Every call
 * starts a new browser: a new session, and not yet a known device (the login makes it one).
 */
export async function loginAsModerator(t: TestApp, { email, password = TEST_MODERATOR_PASSWORD }: { email?: string; password?: string } = {}): Promise<LoggedIn> {
  const existing = email === undefined ? undefined : t.services.moderators.findByEmail(email.toLowerCase());
  const moderator = existing ? { id: existing.id, email: existing.email } : await addModerator(t, email, password);
  const agent = request.agent(t.app);
  const form = await agent.get('/beheer/inloggen').expect(200);
  const login = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password });
  if (login.status !== 303) throw new Error(`logging in as ${moderator.email} answered ${login.status}, not 303`);
  if (login.headers.location === '/beheer/inloggen/code') await enterSecondFactor(t, agent, moderator.id);
  // The login regenerated the session, and with it the token: read the new one from a page with a form.
  const home = await agent.get('/beheer').expect(200);
  if (!home.text.includes('name="_csrf"')) throw new Error('GET /beheer shows no form with a _csrf field: keep the moderator bar (views/partials/moderator-bar.ejs) on it');
  return { agent, moderator, password, csrfToken: csrfTokenIn(home.text) };
}
