// Mijn e-mailmeldingen in a real Chromium: a moderator logs in, follows the link in the moderators' bar,
// changes the choice with the keyboard alone, and sees it saved; axe-core reports nothing on the page,
// its confirmation or its error state, at 1280px and 375px, where nothing scrolls sideways.
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { useBrowser } from '../support/browser.js';
import { TEST_MODERATOR_PASSWORD, addModerator, unusedCode } from '../support/test-app.js';

describe('Mijn e-mailmeldingen in a browser', function () {
  this.timeout(120_000);
  const { t, newPage } = useBrowser();

  /** Logs a new moderator in through the login form and its second step. */
  async function moderatorPage(): Promise<{ page: Page; id: number }> {
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
    return { page, id: account.id };
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

  it('a moderator chooses “at once” with the keyboard alone and sees it saved', async () => {
    const { page, id } = await moderatorPage();
    await page.getByRole('link', { name: 'Mijn e-mailmeldingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn e-mailmeldingen' }).waitFor();
    const daily = page.getByRole('radio', { name: 'Eén overzicht per dag (standaard)' });
    expect(await daily.isChecked()).to.equal(true);
    // Tab into the group lands on the checked choice; the arrow keys move the choice, Tab reaches the button.
    await daily.focus();
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: 'Meteen bij elke nieuwe inzending of wijziging' }).isChecked()).to.equal(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).to.equal('Keuze bewaren');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/beheer/meldingen?bewaard=1`);
    expect(await page.getByRole('status').textContent()).to.contain('Uw keuze is bewaard.');
    expect(await page.getByRole('radio', { name: 'Meteen bij elke nieuwe inzending of wijziging' }).isChecked()).to.equal(true);
    expect(t.services.moderatorNotices.choiceOf(id)).to.equal('immediate');
  });

  it('axe-core reports nothing on the page, its confirmation and its error state', async () => {
    const { page } = await moderatorPage();
    const context = page.context();
    await expectAccessible('the settings page', context, (p) => p.goto(`${t.baseUrl}/beheer/meldingen`));
    await expectAccessible('the confirmation', context, (p) => p.goto(`${t.baseUrl}/beheer/meldingen?bewaard=1`));
    await expectAccessible('the error state', context, async (p) => {
      await p.goto(`${t.baseUrl}/beheer/meldingen`);
      // Only a forged form sends another value; the page must still say what to do, accessibly.
      await p.evaluate(() => document.querySelectorAll<HTMLInputElement>('input[name=notices]').forEach((input) => (input.value = 'wekelijks')));
      await p.getByRole('button', { name: 'Keuze bewaren' }).click();
      await p.locator('.error-summary').waitFor();
      expect(await p.locator('.error-summary').textContent()).to.contain('Kies hoe u e-mail wilt krijgen');
    });
  });
});
