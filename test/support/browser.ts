// Debian's Chromium driven by playwright-core. Where it is not installed the browser tests skip,
// except under CI=true, where a missing browser must fail the run rather than pass it silently.
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { serveTestApp, type ServedTestApp, type TestApp } from './test-app.js';

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

export interface BrowserSuiteState {
  readonly t: TestApp;
  readonly server: { readonly baseUrl: string };
  readonly browser: Browser;
  readonly page: Page;
}

/**
 * The hooks every browser suite needs: one app on a real SQLite file and one Chromium per suite, a
 * fresh page per test, and a test failure when a page breaks the content security policy or throws.
 * axe-core is injected as a script, which the CSP rightly refuses, so only tests whose title says
 * "WCAG" run in a context that bypasses it. `use` receives the state before each test.
 */
export function useBrowserSuite(use: (state: BrowserSuiteState) => void, contextOptions: BrowserContextOptions = {}): void {
  let browser: Browser | undefined;
  let t: TestApp | undefined;
  let server: ServedTestApp | undefined;
  let page: Page | undefined;
  let problems: string[] = [];

  before(async function () {
    browser = await launchChromium();
    if (!browser) {
      this.skip();
      return;
    }
    server = await serveTestApp();
    t = server.t;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async function () {
    if (!browser || !t || !server) return;
    const context = await browser.newContext({ ...contextOptions, bypassCSP: /WCAG/.test(this.currentTest?.title ?? '') });
    page = await context.newPage();
    problems = [];
    // Violations the page reports to itself, from the first byte on, as well as those on the console.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (globalThis as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    use({ t, server, browser, page });
  });

  afterEach(async () => {
    if (!page) return;
    const reported = await page.evaluate(() => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? []).catch(() => []);
    await page.context().close();
    page = undefined;
    expect([...problems, ...reported], 'the page broke its own content security policy or threw').to.deep.equal([]);
  });
}
