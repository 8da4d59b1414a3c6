// Open data in a real Chromium: the practice page's JSON-LD block under the strict CSP, the practice
// printed as a fact sheet of at most two pages, and axe-core on the open data page.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { practiceInputSchema } from '../../src/domain/practice.js';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { type BrowserSuiteState, useBrowserSuite } from '../support/browser.js';
import type { TestApp } from '../support/test-app.js';

/** The number of pages in a PDF that Chromium made. */
const pdfPageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

describe('open data in a browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  let server: BrowserSuiteState['server'];
  let page: Page;
  useBrowserSuite((s) => ({ t, server, page } = s));

  it('carries its JSON-LD without any CSP violation, also for a title that tries to end the script', async () => {
    const title = '</script><script>alert(1)</script>';
    const input = practiceInputSchema.parse({ title, summary: 'Test.', municipalities: ['11002'], scale: 'lokaal', themes: ['netwerken'], source: { title: 'Testbron' } });
    t.services.practices.insert({ slug: 'script-in-titel', status: 'published', input });
    await t.services.catalogue.refreshInBackground();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    for (const slug of ['gbo-zoersel', 'script-in-titel']) {
      await page.goto(`${server.baseUrl}/praktijken/${slug}`);
      const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
      expect(blocks).to.have.length(1);
      const name = (JSON.parse(blocks[0] ?? '{}') as { name?: string }).name;
      expect(name).to.equal(await page.locator('h1').textContent());
      expect(await page.locator('script:not([type="application/ld+json"]):not([src])').count()).to.equal(0);
    }
    expect(dialogs, 'no script from the title ran').to.equal(0);
  });

  it('prints a practice as a fact sheet of at most two pages, with its citation and without the related list', async () => {
    for (const slug of t.services.catalogue.all().map((p) => p.slug)) {
      await page.goto(`${server.baseUrl}/praktijken/${slug}`);
      await page.emulateMedia({ media: 'print' });
      for (const hidden of ['.site-nav', '.breadcrumb', '.related', '.api-link', '.site-footer']) {
        if ((await page.locator(hidden).count()) > 0) expect(await page.locator(hidden).first().isVisible(), `${hidden} on ${slug}`).to.equal(false);
      }
      for (const shown of ['h1', '.lead', '.practice__facts', '.source', '.citation']) {
        expect(await page.locator(shown).first().isVisible(), `${shown} on ${slug}`).to.equal(true);
      }
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdfPageCount(pdf), `pages printed for ${slug}`).to.be.within(1, 2);
      await page.emulateMedia({ media: 'screen' });
    }
  });

  for (const [name, path] of [['open data', '/open-data'], ['practice', '/praktijken/gbo-zoersel']] as const) {
    it(`has no WCAG 2.1 A/AA violations on the ${name} page, wide and narrow`, async () => {
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.baseUrl}${path}`);
        expect(await accessibilityViolations(page), `${path} at ${width}px`).to.deep.equal([]);
        expect(await sidewaysOverflow(page), `${path} scrolls sideways at ${width}px`).to.be.at.most(0);
      }
    });
  }
});
