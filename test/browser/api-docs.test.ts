// The API page in a real Chromium: accessible at desktop and phone widths, clean under the strict CSP;
// and the public API read from a page of another origin, as a researcher's script would.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { type BrowserSuiteState, useBrowserSuite } from '../support/browser.js';
import { accessibilityViolations } from '../support/accessibility.js';

describe('the API page and the API in a browser', function () {
  this.timeout(60_000);
  let server: BrowserSuiteState['server'];
  let page: Page;
  useBrowserSuite((s) => ({ server, page } = s));

  for (const width of [1280, 360]) {
    it(`has no WCAG 2.1 A/AA violations on /api at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.baseUrl}/api`);
      expect(await accessibilityViolations(page)).to.deep.equal([]);
    });
  }

  for (const width of [1280, 360]) {
    it(`shows the API page under the strict CSP at ${width} px, never wider than the screen`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.baseUrl}/api`);
      expect(await page.locator('h1').textContent()).to.contain('API');
      expect(await page.locator('pre.api-code').first().isVisible()).to.equal(true);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).to.be.at.most(width);
    });
  }

  it('leads from the table of contents to an endpoint and from a field to its shape', async () => {
    await page.goto(`${server.baseUrl}/api`);
    await page.getByRole('link', { name: 'GET /api/v1/practices/{slug}' }).click();
    await page.waitForURL(/#endpoint-getpractice$/);
    await page.locator('section', { has: page.locator('#endpoint-getpractice') }).getByRole('link', { name: 'Praktijk', exact: true }).click();
    await page.waitForURL(/#vorm-practice$/);
  });

  it('lets a page of another origin read the API, and nothing but read it', async () => {
    // A researcher's page on another origin (another port), on loopback like the app so that
    // Chromium's private-network rules do not interfere; it has no CSP of its own.
    const other: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Elders</title>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      await readsButCannotWrite(page, `${server.baseUrl}/api/v1/practices?province=limburg`);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

/** Reads the API with fetch from the page's origin, with and without a preflight; writing must fail. */
async function readsButCannotWrite(page: Page, api: string): Promise<void> {
  const read = await page.evaluate(async (url) => {
    const res = await fetch(url);
    return { status: res.status, total: ((await res.json()) as { total: number }).total };
  }, api);
  expect(read).to.deep.equal({ status: 200, total: 1 });
  // A header that is not CORS-safelisted makes the browser ask first (preflight).
  const preflighted = await page.evaluate(async (url) => (await fetch(url, { headers: { 'X-Onderzoek': 'ja' } })).status, api);
  expect(preflighted).to.equal(200);
  // A simple POST is sent but its answer is withheld; a DELETE is stopped at the preflight.
  for (const method of ['POST', 'DELETE']) {
    const write = await page.evaluate(
      async ({ url, method }) => {
        try {
          await fetch(url, { method, body: 'q=x' });
          return 'read';
        } catch {
          return 'refused';
        }
      },
      { url: api, method },
    );
    expect(write, method).to.equal('refused');
  }
}
