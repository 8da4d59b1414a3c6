// The public catalogue in a real Chromium: search, filter, open a practice; axe-core on each page.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { type BrowserSuiteState, useBrowserSuite } from '../support/browser.js';
import { accessibilityViolations } from '../support/accessibility.js';
import { insertFullPractice } from '../support/full-practice.js';
import { practiceInput } from '../support/practices.js';

describe('the catalogue in a browser', function () {
  this.timeout(60_000);
  let server: BrowserSuiteState['server'];
  let browser: Browser;
  let page: Page;
  let t: BrowserSuiteState['t'];
  useBrowserSuite((s) => ({ server, browser, page, t } = s));

  // A practice with every field a copier needs, and one that says little: the two faces of the page.
  let practicesAdded = false;
  async function addPractices(): Promise<void> {
    if (practicesAdded) return;
    practicesAdded = true;
    await insertFullPractice(t, 'volledige-praktijk');
    t.services.practices.insert({ slug: 'kale-praktijk', status: 'published', input: practiceInput() });
    await t.services.catalogue.refreshInBackground();
  }

  it('searches, filters and opens a practice, the way a staff member would', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel(/Zoek in \d+ praktijken/).fill('informele zorg');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL(/\/praktijken\?q=informele\+zorg/);
    expect(await page.locator('.result').count()).to.be.greaterThan(0);
    expect(await page.locator('.result mark').count()).to.be.greaterThan(0);

    await page.getByLabel(/^Limburg/).check();
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await page.waitForURL(/province=limburg/);
    expect(await page.locator('.result__title').allTextContents()).to.deep.equal(['Buurtgerichte zorg Limburg']);
    expect(await page.locator('#q').inputValue()).to.equal('informele zorg');

    await page.getByRole('link', { name: 'Buurtgerichte zorg Limburg' }).click();
    await page.waitForURL(/\/praktijken\/buurtgerichte-zorg-limburg$/);
    expect(await page.locator('h1').textContent()).to.equal('Buurtgerichte zorg Limburg');
    expect(await page.locator('.source').textContent()).to.contain('Bron');

    // A tag on the practice leads to the search filtered on it.
    await page.locator('.facts a.tag', { hasText: 'Buurtgerichte zorg' }).click();
    await page.waitForURL(/theme=buurtgerichte-zorg/);
    expect(await page.locator('.result__title').allTextContents()).to.include('Buurtgerichte zorg Limburg');
  });

  it('searches and filters with JavaScript switched off', async () => {
    const context = await browser!.newContext({ javaScriptEnabled: false });
    const noScript = await context.newPage();
    try {
      await noScript.goto(`${server.baseUrl}/praktijken?q=gezinnen`);
      await noScript.getByLabel(/^Antwerpen/).first().check();
      await noScript.getByRole('button', { name: 'Filters toepassen' }).click();
      await noScript.waitForURL(/province=antwerpen/);
      expect(await noScript.locator('.result__title').allTextContents()).to.include('CAW-gezinscoaches in Antwerpen');
      await noScript.locator('.active-filters a.chip').first().click();
      await noScript.waitForURL((url) => !url.searchParams.has('province'));
      expect(new URL(noScript.url()).searchParams.get('q')).to.equal('gezinnen');
    } finally {
      await context.close();
    }
  });

  it('prints a practice without the navigation, search box and related links', async () => {
    await page.goto(`${server.baseUrl}/praktijken/gbo-zoersel`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-nav').isVisible()).to.equal(false);
    expect(await page.locator('.api-link').isVisible()).to.equal(false);
    expect(await page.locator('h1').isVisible()).to.equal(true);
    expect(await page.locator('.source').isVisible()).to.equal(true);
  });

  it('keeps the query and filters when the sort order changes, without JavaScript tricks', async () => {
    await page.goto(`${server.baseUrl}/praktijken?q=zorg&theme=informele-zorg`);
    await page.getByLabel('Sorteer op').selectOption('title');
    await page.getByRole('button', { name: 'Sorteren' }).click();
    await page.waitForURL(/sort=title/);
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).to.equal('zorg');
    expect(url.searchParams.getAll('theme')).to.deep.equal(['informele-zorg']);
  });

  it('shows a clear Dutch message for a bad filter and moves focus to it', async () => {
    await page.goto(`${server.baseUrl}/praktijken?theme=onbekend`);
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).to.contain('Onbekend thema');
    expect(await summary.evaluate((e) => e === document.activeElement)).to.equal(true);
  });

  for (const [name, path] of [
    ['home', '/'],
    ['results', '/praktijken?q=breed+onthaal&province=antwerpen'],
    ['results without matches', '/praktijken?q=xqzwvk'],
    ['practice', '/praktijken/gbo-zoersel'],
    ['full practice', '/praktijken/volledige-praktijk'],
    ['sparse practice', '/praktijken/kale-praktijk'],
    ['evidence ladder', '/stand-van-de-praktijk'],
    ['about', '/over'],
    ['not found', '/praktijken/onbestaand'],
  ] as const) {
    it(`has no WCAG 2.1 A/AA violations on the ${name} page, wide and narrow`, async () => {
      await addPractices();
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.baseUrl}${path}`);
        expect(await accessibilityViolations(page), `${path} at ${width}px`).to.deep.equal([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} scrolls sideways at ${width}px`).to.be.at.most(0);
      }
    });
  }
});
