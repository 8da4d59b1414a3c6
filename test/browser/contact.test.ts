// Contacting the makers of a practice and the operator, in a real Chromium, by keyboard: from the
// practice page to the form, an error summary on bad input, the confirmation; the messages arrive at a
// real SMTP server. axe-core on every new page, wide and at 320px.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { useBrowser } from '../support/browser.js';
import { insertPractice } from '../support/practices.js';
import { type TestSmtpServer, startSmtpServer } from '../support/smtp.js';

const PRIVATE = 'makers.prive@kortrijk.test';
const OPERATOR_EMAIL = 'vragen@vereniging.test';
const SENDER = 'an.peeters@gent.test';

describe('contacting the makers and the operator in a browser', function () {
  this.timeout(120_000);
  let smtp: TestSmtpServer;
  // Before the app starts (useBrowser's hooks come after), so SMTP_URL can name it.
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => smtp.close());
  beforeEach(() => {
    smtp.received.splice(0);
  });
  const { t, newPage } = useBrowser({ environment: () => ({ SMTP_URL: smtp.url, OPERATOR_EMAIL, OPERATOR_NAME: 'Vereniging Testgemeenten' }) });

  async function expectAccessible(name: string, open: (page: Page) => Promise<unknown>): Promise<void> {
    const page = await newPage({ bypassCSP: true });
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await open(page);
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `${name} scrolls sideways at ${width}px`).to.be.at.most(0);
    }
    await page.context().close();
  }

  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim() ?? '');

  /** Types the form by keyboard, field after field, and sends it with Enter on the button. */
  async function fillByKeyboard(page: Page, fields: { name: string; email: string; organisation: string; message: string }) {
    await page.getByLabel('Uw naam').focus();
    await page.keyboard.type(fields.name);
    await page.keyboard.press('Tab');
    expect(await focused(page)).to.equal('email');
    await page.keyboard.type(fields.email);
    await page.keyboard.press('Tab');
    expect(await focused(page), 'the honeypot is skipped').to.equal('organisation');
    await page.keyboard.type(fields.organisation);
    await page.keyboard.press('Tab');
    expect(await focused(page)).to.equal('message');
    await page.keyboard.type(fields.message);
    // Past the link to the privacy statement, to the button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).to.equal('Bericht versturen');
    await Promise.all([page.waitForURL(/\/verzonden$/), page.keyboard.press('Enter')]);
  }

  it('from a practice page: Contacteer de makers, an error summary, then sent, with the message at the makers\' private address', async () => {
    const slug = await insertPractice(t, { title: 'Buurtpensioen Kortrijk', contactEmail: PRIVATE, contactEmailPublic: false }, { slug: 'buurtpensioen-kortrijk' });
    const page = await newPage();
    await page.goto(`${t.baseUrl}/praktijken/${slug}`);
    expect(await page.content()).not.to.contain(PRIVATE);
    await page.getByRole('link', { name: 'Contacteer de makers' }).focus();
    await Promise.all([page.waitForURL(`${t.baseUrl}/praktijken/${slug}/contact`), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Contacteer de makers');

    // Sent with nothing filled in: every problem at once, the summary focused, each link to its field.
    await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: 'Bericht versturen' }).click()]);
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).to.contain('Er zijn 3 problemen').and.contain('Vul uw naam in.');
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await page.title()).to.match(/^Fout: /);
    for (const href of await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(await page.locator(href!).count(), `${href} in the error summary`).to.equal(1);
    }

    await fillByKeyboard(page, { name: 'An Peeters', email: SENDER, organisation: 'OCMW Gent', message: 'Hoe vonden jullie vrijwilligers?' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Uw bericht is verstuurd');
    expect(await page.locator('main').textContent()).to.contain('kopie');

    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.recipients[0]).sort()).to.deep.equal([SENDER, PRIVATE].sort());
    expect(mails.find((m) => m.recipients[0] === PRIVATE)?.parsed.text).to.contain('Hoe vonden jullie vrijwilligers?');
    expect(mails.find((m) => m.recipients[0] === SENDER)?.raw.toString()).not.to.contain(PRIVATE);
  });

  it('the Contact page from the footer, sent to the operator', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/`);
    await Promise.all([page.waitForURL(`${t.baseUrl}/contact`), page.locator('.site-footer').getByRole('link', { name: 'Contact', exact: true }).click()]);
    await fillByKeyboard(page, { name: 'Bert Janssens', email: 'bert@leuven.test', organisation: 'Stad Leuven', message: 'Kan ik de gegevens als CSV krijgen?' });
    expect(await page.locator('main').textContent()).to.contain('Vereniging Testgemeenten');
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.recipients[0]).sort()).to.deep.equal(['bert@leuven.test', OPERATOR_EMAIL].sort());
  });

  it('axe-core reports nothing on the new pages, with and without errors (WCAG)', async () => {
    const slug = await insertPractice(t, { title: 'Buurtpensioen Lier', contactEmail: PRIVATE }, { slug: 'buurtpensioen-lier' });
    const sendEmpty = (path: string) => async (page: Page) => {
      await page.goto(`${t.baseUrl}${path}`);
      await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: 'Bericht versturen' }).click()]);
      await page.locator('.error-summary').waitFor();
    };
    await expectAccessible('the practice page with its contact section', (page) => page.goto(`${t.baseUrl}/praktijken/${slug}`));
    await expectAccessible('the makers\' form', (page) => page.goto(`${t.baseUrl}/praktijken/${slug}/contact`));
    await expectAccessible('the makers\' form with errors', sendEmpty(`/praktijken/${slug}/contact`));
    await expectAccessible('the confirmation', (page) => page.goto(`${t.baseUrl}/praktijken/${slug}/contact/verzonden`));
    await expectAccessible('the Contact page', (page) => page.goto(`${t.baseUrl}/contact`));
    await expectAccessible('the Contact page with errors', sendEmpty('/contact'));
    await expectAccessible('the Contact confirmation', (page) => page.goto(`${t.baseUrl}/contact/verzonden`));
  });
});
