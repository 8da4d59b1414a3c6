// The statistics page in a real Chromium: from a filtered search to its figures, a table downloaded
// as CSV, the page's own filter form, and axe-core at desktop and phone widths.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { type BrowserSuiteState, useBrowserSuite } from '../support/browser.js';

describe('the statistics in a browser', function () {
  this.timeout(60_000);
  let server: BrowserSuiteState['server'];
  let page: Page;
  useBrowserSuite((s) => ({ server, page } = s), { acceptDownloads: true });

  it('shows the figures of a filtered search and downloads a table as CSV', async () => {
    await page.goto(`${server.baseUrl}/praktijken`);
    await page.getByLabel(/^West-Vlaanderen/).check();
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await page.waitForURL(/province=west-vlaanderen/);
    const search = new URL(page.url()).search;
    const shown = await page.locator('label[for="f-theme-informele-zorg"] .facet__count').textContent();

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Cijfers' }).click();
    await page.waitForURL(/\/cijfers$/);
    await page.goto(`${server.baseUrl}/cijfers${search}`);
    expect(await page.locator('.lead').textContent()).to.contain('provincie West-Vlaanderen');
    for (const table of ['theme', 'province', 'targetGroup']) {
      expect(await page.locator(`#cijfers-${table} svg.bar-chart[role=img]`).isVisible(), table).to.equal(true);
    }
    // The chart shows the count the results page showed beside the filter.
    const bar = page.locator('#cijfers-theme g[data-label="Mantelzorg en informele zorg"]');
    expect(`(${await bar.getAttribute('data-count')})`).to.equal(shown);
    expect(await bar.locator('rect').boundingBox().then((b) => b?.width ?? 0)).to.be.greaterThan(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download “Praktijken per thema” als CSV' }).click()]);
    expect(download.suggestedFilename()).to.equal('praktijkbank-cijfers-theme.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).to.equal('\uFEFFtheme,label,count');
    expect(csv).to.contain('informele-zorg,Mantelzorg en informele zorg,');

    await page.getByRole('link', { name: 'Bekijk deze praktijken in de resultatenlijst' }).click();
    await page.waitForURL(/\/praktijken\?province=west-vlaanderen$/);
  });

  it('narrows the figures with its own form, a province and a period', async () => {
    await page.goto(`${server.baseUrl}/cijfers`);
    await page.locator('.statistics-filters').getByLabel('Limburg').check();
    await page.getByLabel('Van', { exact: true }).selectOption('2020');
    await page.getByLabel('Tot en met', { exact: true }).selectOption('2021');
    await page.getByRole('button', { name: 'Toon de cijfers' }).click();
    await page.waitForURL(/province=limburg/);
    const url = new URL(page.url());
    expect(url.searchParams.get('startYearFrom')).to.equal('2020');
    expect(await page.locator('.lead').textContent()).to.contain('provincie Limburg en beginjaar 2020 of 2021');
    expect(await page.locator('.statistics-filters').getByLabel('Limburg').isChecked()).to.equal(true);
  });

  it('shows the Dutch message for a bad filter and moves focus to it', async () => {
    await page.goto(`${server.baseUrl}/cijfers?theme=onbekend`);
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).to.contain('Onbekend thema');
    expect(await summary.evaluate((e) => e === document.activeElement)).to.equal(true);
  });

  it('has no WCAG 2.1 A/AA violations on the statistics page, wide and narrow', async () => {
    const longest = '?theme=mentaal-welzijn&targetGroup=verzoekers-internationale-bescherming';
    for (const [width, query] of [[1280, ''], [360, ''], [1280, '?province=limburg&theme=buurtgerichte-zorg'], [360, '?province=west-vlaanderen'], [360, longest], [320, longest]] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.baseUrl}/cijfers${query}`);
      expect(await accessibilityViolations(page), `/cijfers${query} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `/cijfers${query} scrolls sideways at ${width}px`).to.be.at.most(0);
      // No label of a chart may be cut off at the chart's edge.
      const clipped = await page.$$eval('svg.bar-chart', (svgs) =>
        svgs.flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return Array.from(svg.querySelectorAll('text')).filter((text) => text.getBoundingClientRect().right > box.right + 0.5).map((text) => text.textContent ?? '');
        }),
      );
      expect(clipped, `labels running past the chart at ${width}px`).to.deep.equal([]);
    }
  });

  it('looks right to a person: a screenshot of /cijfers at desktop and phone width (cijfers.png in the temporary folder)', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.baseUrl}/cijfers?province=west-vlaanderen`);
    await page.screenshot({ path: join(tmpdir(), 'cijfers.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.baseUrl}/cijfers`);
    await page.screenshot({ path: join(tmpdir(), 'cijfers-360.png'), fullPage: true });
  });
});
