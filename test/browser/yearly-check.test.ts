// The yearly check in a real Chromium: the link from the message (read from a real SMTP server) opens
// the question, the button confirms, the thank-you page and the practice page show the date. axe-core
// on the new pages (question, thanks, a refused link, the update form, "niet recent nagekeken"), wide and at 320px.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { monthsBefore } from '../../src/domain/verification.js';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { useBrowser } from '../support/browser.js';
import { insertPractice } from '../support/practices.js';
import { type TestSmtpServer, startSmtpServer } from '../support/smtp.js';

describe('the yearly check in a browser', function () {
  this.timeout(120_000);
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => smtp.close());
  const { t, newPage } = useBrowser({ environment: () => ({ SMTP_URL: smtp.url }) });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `${name} scrolls sideways at ${width}px`).to.be.at.most(0);
    }
  }

  it('opens the link from the message, confirms with the button, and the thank-you page and the practice page show the date', async () => {
    const now = new Date();
    const slug = await insertPractice(t, { title: 'Buurtpensioen Lier', contactEmail: 'welzijn@lier.test', contactOrganisation: 'Stad Lier' }, { now: monthsBefore(now, 20).toISOString() });
    const practice = t.services.practices.listPublished().find((p) => p.slug === slug)!;
    t.services.practices.markVerified(practice.id, monthsBefore(now, 19).toISOString());
    await t.services.catalogue.refreshInBackground();
    t.services.runScheduledJobs(now);

    const page = await newPage({ bypassCSP: true });
    // Before confirming: the practice page says it was not checked recently.
    await page.goto(`${t.baseUrl}/praktijken/${slug}`);
    expect(await page.locator('.practice__not-recent a').textContent()).to.equal('Niet recent nagekeken');
    await expectAccessible(page, 'a practice not checked recently');

    const [mail] = await smtp.waitFor(1);
    const link = (mail!.parsed.text ?? '').match(/https?:\/\/\S+\/nakijken\/[^\s/]+(?=\s)/)?.[0];
    expect(link, 'the confirm link in the message').to.be.a('string');
    expect(link!.startsWith(`${t.baseUrl}/nakijken/`)).to.equal(true);

    await page.goto(link!);
    expect(await page.locator('h1').textContent()).to.equal('Klopt uw praktijk nog?');
    await expectAccessible(page, 'the question');
    await Promise.all([page.waitForURL(link!), page.getByRole('button', { name: 'Ja, ze loopt nog zo' }).click()]);
    expect(await page.locator('h1').textContent()).to.equal('Bedankt: uw praktijk is nagekeken');
    const today = new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    expect(await page.locator('main time, time').first().textContent()).to.equal(today);
    await expectAccessible(page, 'the thank-you page');

    await page.getByRole('link', { name: 'Bekijk uw praktijk' }).click();
    await page.waitForURL(`${t.baseUrl}/praktijken/${slug}`);
    const checked = page.locator('.practice__trust-item', { has: page.locator('dt', { hasText: 'Laatst nagekeken' }) });
    expect(await checked.locator('time').first().textContent()).to.equal(today);
    expect(await page.locator('.practice__not-recent').count()).to.equal(0);

    // The same link again: answered, said on an accessible page.
    const again = await page.goto(link!);
    expect(again?.status()).to.equal(410);
    expect(await page.locator('h1').textContent()).to.equal('Deze vraag is al beantwoord');
    await expectAccessible(page, 'a refused link');
  });

  it('opens the update form from the message ("Aanpassen"), accessible', async () => {
    const now = new Date();
    const slug = await insertPractice(t, { title: 'Wijkrestaurant Heule', contactEmail: 'welzijn@heule.test', contactOrganisation: 'Stad Kortrijk' }, { now: monthsBefore(now, 14).toISOString() });
    expect(slug).to.be.a('string');
    smtp.received.splice(0);
    t.services.runScheduledJobs(now);
    const [mail] = await smtp.waitFor(1);
    const link = (mail!.parsed.text ?? '').match(/https?:\/\/\S+\/nakijken\/\S+\/bijwerken/)?.[0];
    const page = await newPage({ bypassCSP: true });
    await page.goto(link!);
    expect(await page.locator('h1').textContent()).to.equal('Uw praktijk aanpassen');
    expect(await page.getByLabel('Titel', { exact: false }).first().inputValue()).to.equal('Wijkrestaurant Heule');
    await expectAccessible(page, 'the update form from the yearly check');
  });
});
