// Debian's Chromium driven by playwright-core. Where it is not installed the browser tests skip,
// except under CI=true, where a missing browser must fail the run rather than pass it silently.
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { type SuiteApp, type TestApp, type TestAppOptions, useTestApp } from './test-app.js';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling home, which this closed network refuses.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser | undefined> {
  if (!existsSync(EXECUTABLE)) {
    if (process.env.CI === 'true') throw new Error(`Chromium not found at ${EXECUTABLE}; the CI run needs it (apt-get install chromium).`);
    console.warn(`    (browser tests skipped: no Chromium at ${EXECUTABLE})`);
    return undefined;
  }
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
}

export interface BrowserSession {
  /** The suite's app, listening on a loopback port at `t.baseUrl`. */
  readonly t: SuiteApp;
  readonly browser: Browser;
  /**
   * A page in a browser context of its own (one per actor: a submitter, a moderator), closed after the
   * test. Its pages report content security policy violations and script errors, which fail the test.
   */
  readonly newPage: (options?: BrowserContextOptions) => Promise<Page>;
}

/**
 * The hooks every browser suite needs: one Chromium and one app on a real SQLite file per suite (the
 * suite is skipped without Chromium), the browser contexts of a test closed after it, and a test
 * failure when a page breaks the content security policy or throws, or the app logs a server error.
 */
export function useBrowser(app: Omit<TestAppOptions, 'serve'> = {}): BrowserSession {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  before('launch Chromium', async function () {
    browser = await launchChromium();
    if (!browser) this.skip();
  });
  afterEach('close the pages', async () => {
    const opened = contexts.splice(0);
    // Violations the pages reported to themselves, from the first byte on, as well as those on the console.
    for (const context of opened) {
      for (const page of context.pages()) problems.push(...(await page.evaluate(() => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? []).catch(() => [])));
      await context.close();
    }
    const found = problems.splice(0);
    expect(found, 'a page broke its own content security policy or threw').to.deep.equal([]);
  });
  after('close Chromium', async () => {
    await browser?.close();
  });
  // Registered after the browser's hooks, so the pages are closed before the app's checks run.
  const t = useTestApp({ ...app, serve: true });

  return {
    t,
    get browser() {
      if (!browser) throw new Error('useBrowser: Chromium runs only during the tests and hooks of the describe that asked for it');
      return browser;
    },
    newPage: async (options: BrowserContextOptions = {}) => {
      if (!browser) throw new Error('useBrowser: Chromium runs only during the tests and hooks of the describe that asked for it');
      const context = await browser.newContext(options);
      contexts.push(context);
      await context.addInitScript(() => {
        const seen: string[] = [];
        (globalThis as unknown as { cspViolations: string[] }).cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      context.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
      });
      context.on('weberror', (e) => problems.push(`script error: ${e.error().message}`));
      return context.newPage();
    },
  };
}

export interface BrowserSuiteState {
  readonly t: TestApp;
  readonly server: { readonly baseUrl: string };
  readonly browser: Browser;
  readonly page: Page;
}

/**
 * useBrowser for a suite that needs one page per test: `use` receives it before each test. axe-core is
 * injected as a script, which the CSP rightly refuses, so only tests whose title says "WCAG" run in a
 * context that bypasses it.
 */
export function useBrowserSuite(use: (state: BrowserSuiteState) => void, contextOptions: BrowserContextOptions = {}): void {
  const session = useBrowser();
  beforeEach('open a page', async function () {
    const page = await session.newPage({ ...contextOptions, bypassCSP: /WCAG/.test(this.currentTest?.title ?? '') });
    use({ t: session.t, server: session.t, browser: session.browser, page });
  });
}
