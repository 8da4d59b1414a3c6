// The filters of issue 12 in a real Chromium: tick "Met contactpersoon", see the list narrow and the
// chip, follow to the figures; axe-core on the results page with the new fieldsets and a chosen flag.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { type BrowserSuiteState, useBrowserSuite } from '../support/browser.js';
import { practiceInput } from '../support/practices.js';

describe('the filters on contact person, material and evidence in a browser', function () {
  this.timeout(60_000);
  let state: BrowserSuiteState;
  let page: Page;
  let prepared = false;
  useBrowserSuite((s) => ({ page } = state = s));

  beforeEach(async () => {
    if (prepared) return;
    prepared = true;
    const { practices, catalogue } = state.t.services;
    const id = practices.insert({ slug: 'met-contact', status: 'published', input: practiceInput({ title: 'Buurtpraktijk met contact', contactName: 'An Peeters' }) });
    practices.setEvidence(id, { level: 'onderbouwd', justification: 'Steunt op een onderbouwde methode.', decidedAt: '2024-03-01T10:00:00.000Z' }, undefined);
    await catalogue.refreshInBackground();
  });

  it('narrows the list to practices with a contact person and shows the figures for it', async () => {
    await page.goto(`${state.server.baseUrl}/praktijken`);
    await page.getByRole('group', { name: 'Om over te nemen' }).getByLabel(/^Met contactpersoon/).check();
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await page.waitForURL(/hasContact=true/);
    expect(await page.locator('.result__title').allTextContents()).to.include('Buurtpraktijk met contact');
    expect(await page.getByRole('link', { name: /Verwijder filter Met contactpersoon/ }).isVisible()).to.equal(true);
    const shown = /^\d+/.exec((await page.locator('.results__count').textContent())?.trim() ?? '')?.[0];

    await page.getByRole('link', { name: 'Bekijk de cijfers van deze zoekopdracht' }).click();
    await page.waitForURL(/\/cijfers\?hasContact=true/);
    expect(await page.locator('.lead').textContent()).to.contain('het filter met contactpersoon');
    // Every practice of this result has a contact person: the whole of it, 100 %.
    expect(await page.locator('#cijfers-copyable tr[data-value=hasContact] td').allTextContents()).to.deep.equal([shown, '100 %']);
  });

  it('has no WCAG 2.1 A/AA violations on the results page with the new filters, wide and narrow', async () => {
    for (const [width, query] of [[1280, ''], [360, '?hasContact=true&evidenceLevel=onderbouwd'], [1280, '?hasMaterials=true']] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${state.server.baseUrl}/praktijken${query}`);
      expect(await accessibilityViolations(page), `/praktijken${query} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `/praktijken${query} scrolls sideways at ${width}px`).to.be.at.most(0);
    }
  });
});
