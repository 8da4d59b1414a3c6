// Synoniemen in a real Chromium: a moderator follows the link in the moderators' bar, adds a group to the
// list, saves, sees the confirmation and the history, and the public search finds by the new word; a bad
// line is named; axe-core reports nothing on the page, its confirmation or its error state, at 1280px and
// 375px, where nothing scrolls sideways.
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { useBrowser } from '../support/browser.js';
import { TEST_MODERATOR_PASSWORD, addModerator, unusedCode } from '../support/test-app.js';

describe('Synoniemen in a browser', function () {
  this.timeout(120_000);
  const { t, newPage } = useBrowser();

  /** Logs a new moderator in through the login form and its second step. */
  async function moderatorPage(): Promise<{ page: Page; email: string }> {
    const account = await addModerator(t);
    const secret = t.services.moderators.findById(account.id)?.totpSecret ?? '';
    const page = await newPage();
    await page.goto(`${t.baseUrl}/beheer/inloggen`);
    await page.getByLabel('E-mailadres').fill(account.email);
    await page.getByLabel('Wachtwoord').fill(TEST_MODERATOR_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByLabel('Code uit uw app').fill(unusedCode(t, account.id, secret));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${t.baseUrl}/beheer`);
    return { page, email: account.email };
  }

  /** axe-core needs a context that ignores the site's CSP (it is injected as a script), with the cookies of `from`. */
  async function expectAccessible(name: string, from: BrowserContext, open: (page: Page) => Promise<unknown>): Promise<void> {
    const page = await newPage({ bypassCSP: true, storageState: await from.storageState() });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await open(page);
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `${name} scrolls sideways at ${width}px`).to.be.at.most(0);
    }
    await page.context().close();
  }

  it('a moderator adds a group, saves it, sees it in the history, and the public search uses it at once', async () => {
    const { page, email } = await moderatorPage();
    await page.getByRole('link', { name: 'Synoniemen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Synoniemen' }).waitFor();
    const list = page.getByLabel('Groepen synoniemen');
    expect(await list.inputValue()).to.contain('ouderen, senioren, bejaarden');
    await list.press('ControlOrMeta+End');
    await list.pressSequentially('\nloket, onthaal');
    await page.getByLabel('Toelichting (niet verplicht)').fill('Loket is ons woord voor onthaal');
    await page.getByRole('button', { name: 'Synoniemen bewaren' }).click();
    await page.waitForURL(`${t.baseUrl}/beheer/synoniemen?klaar=bewaard`);
    expect(await page.getByRole('status').textContent()).to.contain('De synoniemen zijn bewaard.');
    expect(await page.getByLabel('Groepen synoniemen').inputValue()).to.match(/\nloket, onthaal$/);

    const history = page.getByRole('region', { name: 'Geschiedenis' });
    const newest = history.getByRole('listitem').first();
    expect((await newest.textContent())?.replace(/\s+/g, ' ')).to.match(new RegExp(`Versie \\d+ \\(in gebruik\\) — .+, door ${email.replace('.', '\\.')}; \\d+ groepen\\.`));
    expect(await newest.textContent()).to.contain('Toelichting: Loket is ons woord voor onthaal');
    expect(await newest.getByRole('listitem').allTextContents()).to.deep.equal(['loket, onthaal']);

    await page.goto(`${t.baseUrl}/praktijken?q=loket`);
    expect(await page.getByRole('link', { name: 'Geïntegreerd breed onthaal in Zoersel' }).count()).to.be.greaterThan(0);
  });

  it('names a bad line in the error summary and beside the list, and keeps what was typed', async () => {
    const { page } = await moderatorPage();
    await page.goto(`${t.baseUrl}/beheer/synoniemen`);
    await page.getByLabel('Groepen synoniemen').fill('ouderen, senioren\nloket');
    await page.getByRole('button', { name: 'Synoniemen bewaren' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).to.contain('Regel 2: een groep heeft minstens twee termen');
    // The summary's link leads to the list, which says the same.
    await summary.getByRole('link', { name: 'Regel 2: een groep heeft minstens twee termen' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('synonyms-text');
    expect(await page.getByLabel('Groepen synoniemen').inputValue()).to.equal('ouderen, senioren\nloket');
  });

  it('axe-core reports nothing on the page, its confirmation with a history, and its error state', async () => {
    const { page } = await moderatorPage();
    const context = page.context();
    await expectAccessible('the page', context, (p) => p.goto(`${t.baseUrl}/beheer/synoniemen`));
    await page.goto(`${t.baseUrl}/beheer/synoniemen`);
    await page.getByLabel('Groepen synoniemen').fill('ouderen, senioren\nloket, onthaal');
    await page.getByRole('button', { name: 'Synoniemen bewaren' }).click();
    await page.getByLabel('Groepen synoniemen').fill('ouderen, senioren, bejaarden\nloket, onthaal');
    await page.getByRole('button', { name: 'Synoniemen bewaren' }).click();
    await page.waitForURL(/klaar=bewaard/);
    await expectAccessible('the confirmation with a history', context, (p) => p.goto(`${t.baseUrl}/beheer/synoniemen?klaar=bewaard`));
    await expectAccessible('the error state', context, async (p) => {
      await p.goto(`${t.baseUrl}/beheer/synoniemen`);
      await p.getByLabel('Groepen synoniemen').fill(`loket\nouderen,, senioren\n${'x'.repeat(90)}, y`);
      await p.getByLabel('Toelichting (niet verplicht)').fill('x'.repeat(200));
      await p.getByRole('button', { name: 'Synoniemen bewaren' }).click();
      await p.locator('.error-summary').waitFor();
      expect(await p.locator('.error-summary li').count()).to.equal(3);
    });
  });
});
