// Submitting a practice and moderating it, in a real Chromium: submit → log in as moderator → ask for a
// change → the submitter edits via the status link → publish → find it by searching. axe-core on
// every new page, and no page may break the content security policy or throw.
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { addModerator, TEST_MODERATOR_PASSWORD } from '../support/test-app.js';
import { issueEnrolmentLink, totpCode } from '../../src/domain/second-factor.js';
import { beheerPaths } from '../../src/http/beheer-paths.js';
import { useBrowser } from '../support/browser.js';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';

const TITLE = 'Wijkrestaurant Kortrijkzuid';
const REASON = 'Vul de resultaten aan.';
const CONTACT_EMAIL = 'buurtwerk@kortrijk.test';

describe('submitting and moderating a practice in a browser', function () {
  this.timeout(120_000);
  const { t, newPage } = useBrowser();

  /**
   * axe-core is injected as a script, which the site's CSP rightly refuses: every check runs in a
   * context of its own that ignores CSP (with the cookies of `from`, for the moderators' pages),
   * wide and at 320px, where nothing may scroll sideways. `open` brings that page to the state to check.
   */
  async function expectAccessible(name: string, open: (page: Page) => Promise<unknown>, from?: BrowserContext): Promise<void> {
    const page = await newPage({ bypassCSP: true, ...(from ? { storageState: await from.storageState() } : {}) });
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await open(page);
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `${name} scrolls sideways at ${width}px`).to.be.at.most(0);
    }
    await page.context().close();
  }

  const searchTitles = async (page: Page, q: string): Promise<string[]> => {
    await page.goto(`${t.baseUrl}/praktijken?q=${encodeURIComponent(q)}`);
    return page.locator('.result__title').allTextContents();
  };

  const submitEmptyForm = async (page: Page) => {
    await page.goto(`${t.baseUrl}/indienen`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/indienen' && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Verder naar controle' }).click(),
    ]);
    await page.waitForLoadState('domcontentloaded');
    return response;
  };

  it('submit → ask for a change → edit via the status link → publish → found by searching', async () => {
    const submitter = await newPage();

    // 1. Pressing the button with nothing filled in: the error summary, with focus on it.
    const empty = await submitEmptyForm(submitter);
    expect(empty.status()).to.equal(400);
    const summary = submitter.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).to.match(/Er zijn \d+ problemen/);
    await submitter.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await submitter.title()).to.match(/^Fout: /);
    expect(await submitter.locator('.field--error').count()).to.be.greaterThan(0);
    // Every link in the summary leads to a field on the page.
    for (const href of await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(await submitter.locator(href!).count(), `${href} in the error summary`).to.equal(1);
    }
    await expectAccessible('the form with errors', submitEmptyForm);

    // 2. Filled in properly: the review step, then submitted.
    await submitter.getByLabel('Titel', { exact: true }).fill(TITLE);
    await submitter.getByLabel('Korte samenvatting').fill('Een buurtrestaurant in Kortrijk-Zuid waar buurtbewoners samen eten voor een democratische prijs en de buurtwerker hen leert kennen.');
    await submitter.getByRole('radio', { name: 'Lokaal' }).check();
    await submitter.locator('details.municipality-group > summary', { hasText: 'West-Vlaanderen' }).click();
    await submitter.getByRole('checkbox', { name: 'Kortrijk', exact: true }).check();
    await submitter.getByRole('checkbox', { name: 'Armoedebestrijding' }).check();
    await submitter.getByLabel('Uw gemeente of organisatie').fill('Stad Kortrijk, buurtwerk');
    await submitter.getByLabel('Uw e-mailadres').fill(CONTACT_EMAIL);
    // Some of what a municipality needs to copy it.
    await submitter.getByLabel('Bedrag in euro (niet verplicht)').fill('12.500,50');
    await submitter.getByRole('radio', { name: 'per jaar' }).check();
    await submitter.getByRole('checkbox', { name: 'Vlaamse subsidie' }).check();
    await submitter.getByLabel('Aantal (niet verplicht)').fill('40');
    await submitter.getByLabel('Wat telt dat aantal?').selectOption('personen');
    await submitter.getByLabel('Naam van de contactpersoon (niet verplicht)').fill('Els Vandenberghe');
    await submitter.getByRole('button', { name: 'Verder naar controle' }).click();
    await submitter.getByRole('heading', { level: 1, name: 'Controleer uw praktijk' }).waitFor();
    expect(await submitter.locator('.preview .practice__title').textContent()).to.equal(TITLE);
    expect(await submitter.locator('.completeness-review').textContent()).to.contain('werkzame elementen').and.not.contain('wat ze kost');
    await submitter.getByRole('button', { name: 'Praktijk indienen' }).click();
    await submitter.waitForURL(/\/indienen\/status\/[^/?]+\?ontvangen=1$/);

    const submitted = t.services.practices.listByStatus(['pending']).find((p) => p.title === TITLE);
    expect([submitted?.costs.amountEur, submitted?.costs.period, submitted?.funding, submitted?.reach.count, submitted?.reach.unit, submitted?.contactName]).to.deep.equal([
      12500.5,
      'per-jaar',
      ['vlaamse-subsidie'],
      40,
      'personen',
      'Els Vandenberghe',
    ]);

    // 3. The status page: received, waiting, with the link to keep.
    expect(await submitter.locator('.confirmation h1').textContent()).to.equal('Bedankt, uw praktijk is ontvangen');
    expect(await submitter.locator('.status').textContent()).to.equal('Wacht op beoordeling');
    const statusLink = await submitter.locator('.status-link__url a').getAttribute('href');
    expect(statusLink).to.match(/^http:\/\/127\.0\.0\.1:\d+\/indienen\/status\/[^/?]+$/);
    await expectAccessible('the status page', (page) => page.goto(`${statusLink}?ontvangen=1`));

    // Not public before a moderator publishes it.
    expect(await searchTitles(submitter, 'Kortrijkzuid')).to.not.include(TITLE);

    // 4. A new moderator sets up the second factor through the enrolment link the command line printed
    // (the test plays the authenticator app), which logs them in, and asks for a change.
    const account = await addModerator(t, 'moderator.flow@praktijkbank.test', TEST_MODERATOR_PASSWORD, { secondFactor: false });
    const enrolment = `${t.baseUrl}${beheerPaths.enrolment(issueEnrolmentLink(t.services.moderators, account.email)!.token)}`;
    const moderator = await newPage();
    await moderator.goto(enrolment);
    await moderator.getByRole('heading', { level: 1, name: 'Tweede factor instellen' }).waitFor();
    await expectAccessible('the enrolment page', (page) => page.goto(enrolment));
    const secret = (await moderator.locator('.secret-key').textContent())?.replace(/\s/g, '') ?? '';
    await moderator.getByLabel('Wachtwoord').fill(TEST_MODERATOR_PASSWORD);
    await moderator.getByLabel('Code uit uw app').fill(totpCode(secret));
    await moderator.getByRole('button', { name: 'Bevestigen en inloggen' }).click();
    await moderator.waitForURL(`${t.baseUrl}/beheer`);
    expect(await moderator.locator('.moderator-bar').textContent()).to.contain(account.email);
    await expectAccessible('the queue', (page) => page.goto(`${t.baseUrl}/beheer`), moderator.context());

    const pending = moderator.locator('section[aria-labelledby="pending-title"]');
    await pending.getByRole('link', { name: TITLE }).click();
    await moderator.waitForURL(/\/beheer\/praktijken\/\d+$/);
    const reviewUrl = moderator.url();
    expect(await moderator.locator('.status-facts').textContent()).to.contain(CONTACT_EMAIL);
    await expectAccessible('the review page', (page) => page.goto(reviewUrl), moderator.context());

    await moderator.getByLabel('Wat moet de indiener aanpassen?').fill(REASON);
    await moderator.getByRole('button', { name: 'Aanpassing vragen' }).click();
    await moderator.waitForURL(/\?gedaan=requestChanges$/);
    expect(await moderator.locator('.confirmation').textContent()).to.contain('De indiener kan de praktijk nu aanpassen');
    const history = await moderator.locator('.history__list li').allTextContents();
    expect(history.some((h) => h.includes('Aanpassing gevraagd') && h.includes(account.email) && h.includes(REASON)), history.join('\n')).to.equal(true);

    // 5. The submitter reads the reason and edits the practice through the status link.
    await submitter.goto(statusLink!);
    expect(await submitter.locator('.status').textContent()).to.equal('Aanpassing gevraagd');
    expect(await submitter.locator('.moderator-reason').textContent()).to.contain(REASON);
    await submitter.getByRole('link', { name: 'Uw praktijk aanpassen' }).click();
    await submitter.getByRole('heading', { level: 1, name: 'Uw praktijk aanpassen' }).waitFor();
    expect(await submitter.getByLabel('Titel', { exact: true }).inputValue()).to.equal(TITLE);
    await submitter.getByLabel('Resultaten (niet verplicht)').fill('Elke week eten er veertig buurtbewoners mee; twaalf van hen vonden zo de weg naar het sociaal huis.');
    await submitter.getByRole('button', { name: 'Verder naar controle' }).click();
    await submitter.getByRole('heading', { level: 1, name: 'Controleer uw praktijk' }).waitFor();
    await submitter.getByRole('button', { name: 'Aanpassing indienen' }).click();
    await submitter.waitForURL(statusLink!);
    expect(await submitter.locator('.status').textContent()).to.equal('Wacht op beoordeling');
    expect(await submitter.getByRole('link', { name: 'Uw praktijk aanpassen' }).count()).to.equal(0);

    // 6. The moderator publishes it; the history has every step.
    await moderator.goto(reviewUrl);
    await moderator.getByRole('button', { name: 'Publiceren', exact: true }).click();
    const publishedAt = Date.now();
    await moderator.waitForURL(/\?gedaan=publish$/);
    const steps = await moderator.locator('.history__list li strong').allTextContents();
    expect(steps).to.include.members(['Ingediend', 'Aanpassing gevraagd', 'Aangepast en opnieuw ingediend', 'Gepubliceerd']);

    // Printed, the review page shows no moderator bar and no buttons.
    await moderator.emulateMedia({ media: 'print' });
    expect(await moderator.locator('.moderator-bar').isVisible()).to.equal(false);
    expect(await moderator.locator('.decisions').isVisible()).to.equal(false);
    expect(await moderator.locator('.preview').isVisible()).to.equal(true);
    await moderator.emulateMedia({ media: 'screen' });

    // 7. The index is rebuilt in a worker thread: the practice is found within 2 seconds.
    let titles: string[] = [];
    while (Date.now() - publishedAt < 2_000) {
      titles = await searchTitles(submitter, 'Kortrijkzuid');
      if (titles.includes(TITLE)) break;
      await submitter.waitForTimeout(100);
    }
    expect(titles, 'search results for "Kortrijkzuid" within 2 s of publishing').to.include(TITLE);
    expect(Date.now() - publishedAt).to.be.below(2_000);

    await submitter.getByRole('link', { name: TITLE }).click();
    await submitter.waitForURL(/\/praktijken\/[a-z0-9-]+$/);
    expect(await submitter.locator('h1').textContent()).to.equal(TITLE);
    expect(await submitter.locator('.practice').textContent()).to.contain('veertig buurtbewoners');
    // No consent was given: the e-mail address stays with the moderators.
    expect(await submitter.content()).to.not.contain(CONTACT_EMAIL);
    // The only addresses linked are the site operator's (footer, invitation), never the submitter's.
    const mailto = await submitter.locator('a[href^="mailto:"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(mailto.filter((href) => href !== 'mailto:voorbeeld@praktijkbank.invalid')).to.deep.equal([]);
  });

  /** The required fields, as a submitter fills them in. */
  const fillRequired = async (page: Page) => {
    await page.goto(`${t.baseUrl}/indienen`);
    await page.getByLabel('Titel', { exact: true }).fill('Buurtkeuken Heule');
    await page.getByLabel('Korte samenvatting').fill('Buurtbewoners koken samen en eten samen, één keer per week.');
    await page.getByRole('radio', { name: 'Lokaal' }).check();
    await page.locator('details.municipality-group > summary', { hasText: 'West-Vlaanderen' }).click();
    await page.getByRole('checkbox', { name: 'Kortrijk', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Armoedebestrijding' }).check();
    await page.getByLabel('Uw gemeente of organisatie').fill('Stad Kortrijk');
    await page.getByLabel('Uw e-mailadres').fill('heule@kortrijk.test');
  };
  const toReview = async (page: Page) => {
    await page.getByRole('button', { name: 'Verder naar controle' }).click();
    await page.getByRole('heading', { level: 1, name: 'Controleer uw praktijk' }).waitFor();
  };

  it('invites on the review step to add what a copier misses: "Aanvullen" leads to the field, everything kept', async () => {
    const page = await newPage();
    await fillRequired(page);
    await toReview(page);
    const missing = page.locator('.completeness-review');
    expect(await missing.getByRole('heading', { level: 2 }).textContent()).to.equal('Wat een andere gemeente nog zou missen');
    await missing.getByRole('button', { name: /^Aanvullen\W+wat de praktijk doet werken \(werkzame elementen\)$/ }).click();
    await page.waitForURL(/\/indienen#workingElements$/);
    expect(await page.getByLabel('Titel', { exact: true }).inputValue()).to.equal('Buurtkeuken Heule');
    expect(await page.locator('#workingElements').isVisible()).to.equal(true);
    await page.getByLabel('Werkzame elementen (niet verplicht)').fill('Samen koken, niet voor elkaar koken.');
    await toReview(page);
    expect(await missing.textContent()).not.to.contain('werkzame elementen');
    // Sending stays possible whatever is missing.
    await page.getByRole('button', { name: 'Praktijk indienen' }).click();
    await page.waitForURL(/\/indienen\/status\/[^/?]+\?ontvangen=1$/);
  });

  it('has no WCAG 2.1 A/AA violations on the new fields with errors and on the review step, wide and at 320px', async () => {
    await expectAccessible('the form with errors in the new fields', async (page) => {
      await fillRequired(page);
      await page.getByLabel('Bedrag in euro (niet verplicht)').fill('twaalf');
      await page.getByLabel('Aantal (niet verplicht)').fill('40');
      await page.getByRole('radio', { name: 'Niet geëvalueerd' }).check();
      await page.getByLabel('Wat bleek uit de evaluatie? (niet verplicht)').fill('Goed.');
      await page.getByRole('button', { name: 'Verder naar controle' }).click();
      await page.locator('.error-summary').waitFor();
      expect(await page.locator('.error-summary a').count()).to.equal(3);
    });
    await expectAccessible('the review step', async (page) => {
      await fillRequired(page);
      await toReview(page);
    });
  });

  it('shows look-alike practices while the title is typed', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/indienen`);
    const box = page.locator('#lookalikes');
    expect(await box.isVisible()).to.equal(false);
    await page.getByLabel('Titel', { exact: true }).pressSequentially('geintegreerd breed onthaal', { delay: 20 });
    await box.getByRole('link', { name: 'Geïntegreerd breed onthaal in Zoersel' }).waitFor({ timeout: 2_000 });
    expect(await box.locator('.lookalikes__title').textContent()).to.contain('Bestaat deze praktijk al?');
    expect(await box.getAttribute('aria-live')).to.equal('polite');
  });

  it('keeps the bot trap out of sight and out of the tab order', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/indienen`);
    const box = await page.locator('.honeypot').boundingBox();
    expect(box === null || box.x + box.width <= 0, `honeypot at ${JSON.stringify(box)}`).to.equal(true);
    // Tab from the top of the form to the title field: the trap is never focused on the way.
    const focused: string[] = [];
    await page.locator('main').focus();
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      if (focused.at(-1) === 'title') break;
    }
    expect(focused).to.not.include('website');
    expect(focused.at(-1)).to.equal('title');
  });

  it('has no WCAG 2.1 A/AA violations on the empty form and the login page, wide and at 320px', async () => {
    await expectAccessible('the submission form', (page) => page.goto(`${t.baseUrl}/indienen`));
    await expectAccessible('the form with the municipalities open', async (page) => {
      await page.goto(`${t.baseUrl}/indienen`);
      for (const group of await page.locator('details.municipality-group > summary').all()) await group.click();
    });
    await expectAccessible('the login page', (page) => page.goto(`${t.baseUrl}/beheer/inloggen`));
    await expectAccessible('the login page with errors', async (page) => {
      await page.goto(`${t.baseUrl}/beheer/inloggen`);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.locator('.error-summary').waitFor();
    });
  });
});
