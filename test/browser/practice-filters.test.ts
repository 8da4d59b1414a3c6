// The filters in a real Chromium. Issue 12: tick "Met contactpersoon", see the list narrow and the chip,
// follow to the figures; axe-core with the new fieldsets and a chosen flag. Issue 15: the municipality
// combobox by keyboard, "toon alle" without JavaScript, the filter drawer at 375 px, axe-core open and closed.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { type BrowserSuiteState, useBrowserSuite } from '../support/browser.js';
import { practiceInput } from '../support/practices.js';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';

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

// Issue 15, point 7: filters that scale. A practice in every fifth municipality (57), so the municipality
// filter shows its eight most frequent and offers the rest through the combobox and "toon alle".
describe('the filters that scale, in a browser', function () {
  this.timeout(90_000);
  let state: BrowserSuiteState;
  let page: Page;
  let prepared = false;
  useBrowserSuite((s) => ({ page } = state = s));
  // Every fifth municipality: spread over the five provinces, the last one far from the top eight.
  const places = MUNICIPALITIES.filter((_, i) => i % 5 === 0);
  const target = places[places.length - 1]!;

  beforeEach(async () => {
    if (prepared) return;
    prepared = true;
    const { practices, catalogue } = state.t.services;
    places.forEach((m, i) =>
      practices.insert({ slug: `schaal-${i}`, status: 'published', input: practiceInput({ title: `Wijkpraktijk ${m.name}`, municipalities: [m.nisCode], themes: ['netwerken'] }) }),
    );
    await catalogue.refreshInBackground();
  });

  const results = () => page.locator('.result__title').allTextContents();

  it('filters on a municipality typed into the combobox, by keyboard only', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${state.server.baseUrl}/praktijken?theme=netwerken`);
    const combobox = page.getByRole('combobox', { name: 'Zoek een gemeente' });
    // Reached with the Tab key from the last checkbox before it.
    await page.locator('#f-province-west-vlaanderen').focus();
    await page.keyboard.press('Tab');
    expect(await combobox.evaluate((e) => e === document.activeElement)).to.equal(true);
    expect(await combobox.getAttribute('aria-expanded')).to.equal('false');

    await page.keyboard.type(target.name.slice(0, 5));
    const listbox = page.getByRole('listbox', { name: 'Gemeenten' });
    await listbox.waitFor();
    expect(await combobox.getAttribute('aria-expanded')).to.equal('true');
    const option = listbox.getByRole('option', { name: new RegExp(`^${target.name} \\(1\\)$`) });
    expect(await option.count()).to.equal(1);
    // Grouped by province: the option sits in the group of its province.
    const province = { antwerpen: 'Antwerpen', limburg: 'Limburg', 'oost-vlaanderen': 'Oost-Vlaanderen', 'vlaams-brabant': 'Vlaams-Brabant', 'west-vlaanderen': 'West-Vlaanderen' }[target.province];
    expect(await listbox.getByRole('group', { name: province }).getByRole('option', { name: new RegExp(`^${target.name}`) }).count()).to.equal(1);

    // The arrows move the active option (aria-activedescendant); Escape closes, Down opens again.
    await page.keyboard.press('ArrowDown');
    const activeId = await combobox.getAttribute('aria-activedescendant');
    expect(activeId).to.be.a('string');
    expect(await page.locator(`[id="${activeId}"]`).getAttribute('aria-selected')).to.equal('true');
    await page.keyboard.press('Escape');
    expect(await listbox.isVisible()).to.equal(false);
    expect(await combobox.getAttribute('aria-expanded')).to.equal('false');
    await page.keyboard.press('ArrowDown');
    await listbox.waitFor();
    while (!((await page.locator(`[id="${await combobox.getAttribute('aria-activedescendant')}"]`).textContent()) ?? '').startsWith(target.name)) await page.keyboard.press('ArrowDown');

    // Enter ticks it; Enter again applies the filters.
    await page.keyboard.press('Enter');
    expect(await page.locator(`#f-municipality-${target.nisCode}`).isChecked()).to.equal(true);
    expect(await page.getByRole('status').filter({ hasText: 'is aangevinkt' }).textContent()).to.contain(target.name);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`municipality=${target.nisCode}`));
    expect(new URL(page.url()).searchParams.getAll('theme')).to.deep.equal(['netwerken']);
    expect(await results()).to.deep.equal([`Wijkpraktijk ${target.name}`]);
    expect((await page.locator('#results-title').textContent())?.trim()).to.equal(`1 praktijk over samenwerking en netwerken in ${target.name}`);
    expect(await page.getByRole('link', { name: `Verwijder filter Gemeente: ${target.name}` }).isVisible()).to.equal(true);
  });

  it('without JavaScript, offers every municipality grouped by province on a page of its own', async () => {
    const context = await state.browser.newContext({ javaScriptEnabled: false });
    const noScript = await context.newPage();
    try {
      await noScript.goto(`${state.server.baseUrl}/praktijken?theme=netwerken`);
      await noScript.getByRole('link', { name: /^Toon alle gemeenten \(\d+\)$/ }).click();
      await noScript.waitForURL(/\/praktijken\/filters\/municipality\?theme=netwerken/);
      await noScript.getByRole('group', { name: /^West-Vlaanderen/ }).waitFor();
      await noScript.getByLabel(new RegExp(`^${target.name} \\(1\\)`)).check();
      await noScript.getByRole('button', { name: 'Filters toepassen' }).click();
      await noScript.waitForURL(new RegExp(`municipality=${target.nisCode}`));
      expect(await noScript.locator('.result__title').allTextContents()).to.deep.equal([`Wijkpraktijk ${target.name}`]);
    } finally {
      await context.close();
    }
  });

  it('on a 375 px screen shows the results first and opens the filters from the button Filters (n)', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${state.server.baseUrl}/praktijken?theme=netwerken&scale=lokaal`);
    const toggle = page.getByRole('button', { name: 'Filters (2)' });
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(await page.locator('.facets__form').isVisible()).to.equal(false);
    // The first result starts on the first screen (two filters, a heading of three lines and all).
    const first = await page.locator('.result__title').first().boundingBox();
    expect(first?.y).to.be.below(740);

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(await page.locator('.facets__form').isVisible()).to.equal(true);
    await page.getByRole('group', { name: 'Schaal' }).getByLabel(/^Lokaal/).uncheck();
    await page.getByRole('button', { name: 'Filters toepassen' }).click();
    await page.waitForURL((url) => !url.searchParams.has('scale'));
    expect(await page.getByRole('button', { name: 'Filters (1)' }).isVisible()).to.equal(true);

    // Escape closes the opened filters and gives focus back to their button.
    await page.getByRole('button', { name: 'Filters (1)' }).click();
    await page.getByRole('group', { name: 'Thema' }).getByRole('checkbox').first().focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('.facets__form').isVisible()).to.equal(false);
    expect(await page.getByRole('button', { name: 'Filters (1)' }).evaluate((e) => e === document.activeElement)).to.equal(true);
  });

  it('on a 375 px screen without JavaScript puts the filters after the results', async () => {
    const context = await state.browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const noScript = await context.newPage();
    try {
      await noScript.goto(`${state.server.baseUrl}/praktijken?theme=netwerken`);
      const results = await noScript.locator('#results-title').boundingBox();
      const filters = await noScript.locator('.facets__form').boundingBox();
      expect(results && filters && results.y < filters.y).to.equal(true);
    } finally {
      await context.close();
    }
  });

  it('shows the link past the filters when it has focus', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${state.server.baseUrl}/praktijken`);
    const skip = page.locator('.facets__skip a');
    expect(await skip.textContent()).to.equal('Sla de filters over en ga naar de resultaten');
    expect((await skip.boundingBox())?.width ?? 0).to.be.at.most(1);
    // The next stop after the search button.
    await page.getByRole('button', { name: 'Zoeken' }).focus();
    await page.keyboard.press('Tab');
    expect(await skip.evaluate((e) => e === document.activeElement)).to.equal(true);
    expect((await skip.boundingBox())?.width ?? 0).to.be.above(100);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#results-title$/);
  });

  it('says which word it searched for a typo, and names the closest themes when filters leave nothing, with no WCAG 2.1 A/AA violations at 1280 and 375 px', async () => {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${state.server.baseUrl}/praktijken?q=wijkpraktjik`);
      const correction = page.locator('.search-correction');
      expect(await correction.innerText(), `${width} px`).to.match(/Resultaten voor “wijkpraktijk” — zocht u toch “wijkpraktjik”\?/);
      // Said before the results, and the results are those of the corrected word.
      expect(await correction.evaluate((e) => e.compareDocumentPosition(document.querySelector('.result__title')!) & Node.DOCUMENT_POSITION_FOLLOWING)).to.be.above(0);
      expect(await results()).to.include(`Wijkpraktijk ${target.name}`);
      expect(await accessibilityViolations(page), `correction, ${width} px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `correction, ${width} px`).to.be.at.most(0);
    }
    await page.goto(`${state.server.baseUrl}/praktijken?q=wijkpraktijk&scale=vlaams`);
    await page.locator('.search-near-themes').getByRole('link', { name: 'Samenwerking en netwerken' }).click();
    await page.waitForURL(/\/praktijken\?theme=netwerken$/);
    expect(await results()).to.have.length.above(0);
  });

  it('has no WCAG 2.1 A/AA violations with the filters closed and open, at 1280 and 375 px', async () => {
    const url = `${state.server.baseUrl}/praktijken?theme=netwerken&scale=lokaal`;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url);
    expect(await accessibilityViolations(page), '1280 px').to.deep.equal([]);
    // Open: every "toon alle" and the combobox's list of municipalities.
    for (const summary of await page.locator('.facet__more > summary').all()) await summary.click();
    await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('a');
    await page.getByRole('listbox', { name: 'Gemeenten' }).waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await accessibilityViolations(page), '1280 px, opened').to.deep.equal([]);

    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(url);
    expect(await accessibilityViolations(page), '375 px, filters closed').to.deep.equal([]);
    expect(await sidewaysOverflow(page), '375 px, filters closed').to.be.at.most(0);
    await page.getByRole('button', { name: 'Filters (2)' }).click();
    expect(await accessibilityViolations(page), '375 px, filters open').to.deep.equal([]);
    expect(await sidewaysOverflow(page), '375 px, filters open').to.be.at.most(0);

    await page.goto(`${state.server.baseUrl}/praktijken/filters/municipality?theme=netwerken`);
    expect(await accessibilityViolations(page), 'toon alle gemeenten, 375 px').to.deep.equal([]);
    expect(await sidewaysOverflow(page), 'toon alle gemeenten, 375 px').to.be.at.most(0);
  });
});
