// "Wij doen dit ook" in a real Chromium: an employee of another municipality finds the button on a
// practice page, fills in the form (a plain <select> with a group per province), confirms by the link
// in the e-mail that reached a real SMTP server, a moderator approves it, and the practice page shows
// "Ook in". axe-core finds nothing on the new pages, their error states included, at 1280px and 375px.
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { useBrowser } from '../support/browser.js';
import { type TestSmtpServer, startSmtpServer } from '../support/smtp.js';
import { TEST_MODERATOR_PASSWORD, addModerator, unusedCode } from '../support/test-app.js';

describe('wij doen dit ook in a browser', function () {
  this.timeout(120_000);
  let smtp: TestSmtpServer;
  // Before the app starts (useBrowser's hooks come after), so SMTP_URL can name it.
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => smtp.close());
  const { t, newPage } = useBrowser({ environment: () => ({ SMTP_URL: smtp.url }) });

  async function moderatorPage(): Promise<Page> {
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
    return page;
  }

  /** axe-core and no sideways scrolling, at 1280px and 375px, in a context that ignores the CSP (axe is a script). */
  async function expectAccessible(name: string, open: (page: Page) => Promise<unknown>, from?: BrowserContext): Promise<void> {
    const page = await newPage({ bypassCSP: true, ...(from ? { storageState: await from.storageState() } : {}) });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await open(page);
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `${name} scrolls sideways at ${width}px`).to.be.at.most(0);
    }
    await page.context().close();
  }

  it('adopts a practice through the form, confirms it by the mailed link, and a moderator approves it', async () => {
    const practice = t.services.catalogue.all().find((p) => p.municipalities.length > 0)!;
    const other = MUNICIPALITIES.find((m) => !practice.municipalities.includes(m.nisCode) && m.province === 'limburg')!;
    const formUrl = `${t.baseUrl}/praktijken/${practice.slug}/wij-doen-dit-ook`;

    const adopter = await newPage();
    await adopter.goto(`${t.baseUrl}/praktijken/${practice.slug}`);
    await adopter.getByRole('link', { name: 'Wij doen dit ook' }).click();
    await adopter.getByRole('heading', { level: 1, name: 'Wij doen dit ook' }).waitFor();
    expect(adopter.url()).to.equal(formUrl);

    // Sent empty: every problem in the summary, which links to its field.
    await adopter.getByRole('button', { name: 'Verstuur en ontvang de bevestigingslink' }).click();
    expect(await adopter.locator('.error-summary li').count()).to.equal(3);
    await expectAccessible('the form with its errors', (page) => page.goto(formUrl).then(() => page.getByRole('button', { name: /Verstuur/ }).click()).then(() => page.locator('.error-summary').waitFor()));

    await adopter.getByLabel('Uw gemeente').selectOption(other.nisCode);
    expect(await adopter.locator(`optgroup[label="Limburg"] option[value="${other.nisCode}"]`).count()).to.equal(1);
    await adopter.getByLabel('Sinds welk jaar?').fill('2024');
    await adopter.getByLabel('Uw e-mailadres').fill('welzijn@gemeente-limburg.test');
    await adopter.getByLabel('Toelichting (niet verplicht)').fill('Wij startten in twee deelgemeenten.');
    await adopter.getByRole('button', { name: 'Verstuur en ontvang de bevestigingslink' }).click();
    await adopter.getByRole('heading', { level: 1, name: 'Bekijk uw mailbox' }).waitFor();
    await expectAccessible('the form', (page) => page.goto(formUrl));
    await expectAccessible('the page after sending', (page) => page.goto(`${formUrl}?verstuurd=1`));

    const [mail] = await smtp.waitFor(1);
    expect(mail!.recipients).to.deep.equal(['welzijn@gemeente-limburg.test']);
    const link = (mail!.parsed.text ?? '').match(/http:\/\/\S+\/wij-doen-dit-ook\/bevestigen\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(link, 'the confirmation link in the mail').to.be.a('string');
    expect(link!.startsWith(`${t.baseUrl}/`)).to.equal(true);

    await expectAccessible('the confirm page', (page) => page.goto(link!));
    await adopter.goto(link!);
    await adopter.getByRole('heading', { level: 1, name: 'Overname bevestigen' }).waitFor();
    await adopter.getByRole('button', { name: 'Bevestigen' }).click();
    await adopter.getByRole('heading', { level: 1, name: 'Overname bevestigd' }).waitFor();
    await expectAccessible('the confirmed page', (page) => page.goto(link!));

    const moderator = await moderatorPage();
    await moderator.goto(`${t.baseUrl}/beheer/overnames`);
    const item = moderator.locator('article.adoption-review');
    expect(await item.locator('h3').textContent()).to.contain(`${other.name} (sinds 2024)`);
    expect(await item.textContent()).to.contain('@gemeente-limburg.test');
    // Rejecting without a reason is refused, with the reason's field named.
    await item.getByRole('button', { name: 'Afwijzen' }).click();
    expect(await moderator.locator('.error-summary').textContent()).to.contain('Geef een reden op');
    await expectAccessible('the moderators’ list with an error', (page) => page.goto(`${t.baseUrl}/beheer/overnames`).then(() => page.getByRole('button', { name: 'Afwijzen' }).click()).then(() => page.locator('.error-summary').waitFor()), moderator.context());
    await moderator.locator('article.adoption-review').getByRole('button', { name: 'Goedkeuren' }).click();
    await moderator.waitForURL(/\/beheer\/overnames\?gedaan=goedgekeurd$/);
    expect(await moderator.locator('.notice').textContent()).to.contain('De overname is goedgekeurd');
    await expectAccessible('the moderators’ list', (page) => page.goto(`${t.baseUrl}/beheer/overnames`), moderator.context());

    await adopter.goto(`${t.baseUrl}/praktijken/${practice.slug}`);
    expect((await adopter.locator('.adoptions__list').textContent())?.replace(/\s+/g, ' ').trim()).to.equal(`Ook in: ${other.name} (sinds 2024)`);
    await adopter.getByRole('link', { name: other.name, exact: true }).first().click();
    await adopter.waitForURL(/\/praktijken\?adoptedBy=/);
    expect(await adopter.locator('.result__title').allTextContents()).to.deep.equal([practice.title]);
  });
});
