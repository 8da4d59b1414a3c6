// The moderators' pages of issue 12 in a real Chromium: judging the stand van de praktijk on the review
// page, a submitter's proposed update with a file (status page → form → review → the moderator's proposal
// page → approved), and axe-core on each, with their error states, at 1280px and 375px.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { useBrowser } from '../support/browser.js';
import { pdfFile } from '../support/material-files.js';
import { post, submitThroughForm, validFields } from '../support/submissions.js';
import { TEST_MODERATOR_PASSWORD, addModerator, loginAsModerator, unusedCode } from '../support/test-app.js';

describe('the moderators’ pages in a browser', function () {
  this.timeout(120_000);
  const { t, newPage } = useBrowser();

  /** Logs a new moderator in through the login form and its second step, in a context of its own. */
  async function moderatorPage(options: { acceptDownloads?: boolean } = {}): Promise<Page> {
    const account = await addModerator(t);
    const secret = t.services.moderators.findById(account.id)?.totpSecret ?? '';
    const page = await newPage(options);
    await page.goto(`${t.baseUrl}/beheer/inloggen`);
    await page.getByLabel('E-mailadres').fill(account.email);
    await page.getByLabel('Wachtwoord').fill(TEST_MODERATOR_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByLabel('Code uit uw app').fill(unusedCode(t, account.id, secret));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${t.baseUrl}/beheer`);
    return page;
  }

  /** A practice submitted through the form and published by a moderator; its id, slug and status page. */
  async function publishedPractice(title: string) {
    const { statusPath } = await submitThroughForm(t, validFields({ title }));
    const practice = t.services.practices.listByStatus(['pending']).find((p) => p.title === title);
    if (!practice) throw new Error(`not submitted: ${title}`);
    const { agent, csrfToken } = await loginAsModerator(t);
    const review = cheerio.load((await agent.get(`/beheer/praktijken/${practice.id}`).expect(200)).text);
    const revision = review('form.decision input[name=revision]').first().val() as string;
    await post(agent, `/beheer/praktijken/${practice.id}/beslissing`, { _csrf: csrfToken, decision: 'publish', reason: '', revision }).expect(303);
    await t.services.catalogue.refreshInBackground();
    return { id: practice.id, slug: practice.slug, statusUrl: `${t.baseUrl}${statusPath}` };
  }

  /** The submitter proposes a new summary and a report through the status link, as in the browser. */
  async function proposeWithReport(submitter: Page, statusUrl: string, summary: string) {
    await submitter.goto(statusUrl);
    await submitter.getByRole('link', { name: 'Wijziging voorstellen' }).click();
    await submitter.getByRole('heading', { level: 1, name: 'Uw gepubliceerde praktijk bijwerken' }).waitFor();
    await submitter.getByLabel('Korte samenvatting').fill(summary);
    await submitter.locator('input[type=file][name=materials]').setInputFiles({ name: 'evaluatierapport.pdf', mimeType: 'application/pdf', buffer: pdfFile('evaluatie') });
    await submitter.getByRole('button', { name: 'Verder naar controle' }).click();
    await submitter.getByRole('button', { name: 'Wijziging voorstellen' }).waitFor();
    expect(await submitter.title()).to.match(/^Controleer uw wijziging/);
    expect(await submitter.locator('.preview').textContent()).to.contain('evaluatierapport');
    await submitter.getByRole('button', { name: 'Wijziging voorstellen' }).click();
    await submitter.waitForURL(/\?voorgesteld=1$/);
  }

  /**
   * axe-core is injected as a script, which the site's CSP rightly refuses: each check runs in a context
   * of its own that ignores CSP, with the cookies of `from`, at 1280px and 375px, where nothing may
   * scroll sideways. `open` brings the page to the state to check.
   */
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

  it('a moderator judges the stand van de praktijk on the review page, and the public page shows it', async () => {
    const { id, slug } = await publishedPractice('Buurtpensioen Gentbrugge');
    const moderator = await moderatorPage();
    await moderator.goto(`${t.baseUrl}/beheer/praktijken/${id}`);
    const judgement = moderator.locator('section.evidence-judgement');
    expect(await judgement.textContent()).to.contain('Nog niet beoordeeld');

    // A rung the content does not support: the Dutch message, the typed justification kept.
    await judgement.getByRole('radio', { name: 'Onderbouwd' }).check();
    await judgement.getByLabel('Motivering').fill('De aanpak is stap voor stap beschreven.');
    await judgement.getByRole('button', { name: 'Stand opslaan' }).click();
    await moderator.locator('.error-summary').waitFor();
    expect(await moderator.title()).to.match(/^Fout: /);
    expect(await moderator.locator('.error-summary').textContent()).to.contain('‘Onderbouwd’ past niet bij wat de praktijk nu bevat');
    expect(await moderator.locator('#evidence-justification').inputValue()).to.equal('De aanpak is stap voor stap beschreven.');

    await moderator.getByRole('radio', { name: 'Beschreven' }).check();
    await moderator.getByRole('button', { name: 'Stand opslaan' }).click();
    await moderator.waitForURL(/\/beheer\/praktijken\/\d+\?/);
    expect(await moderator.locator('section.evidence-judgement').textContent()).to.contain('Nu: Beschreven');

    const reader = await newPage();
    await reader.goto(`${t.baseUrl}/praktijken/${slug}`);
    expect(await reader.locator('.evidence-level').textContent()).to.equal('Beschreven');
    expect(await reader.locator('.evidence-level').locator('..').textContent()).to.contain('De aanpak is stap voor stap beschreven.');
    await reader.getByRole('link', { name: 'Wat de stand van de praktijk betekent' }).click();
    await reader.waitForURL(`${t.baseUrl}/stand-van-de-praktijk`);
  });

  it('a proposed update with a file: the moderator sees the file that comes, opens it, approves, and the public page has it', async () => {
    const { id, slug, statusUrl } = await publishedPractice('Sociale kruidenier Heule');
    const submitter = await newPage();
    await proposeWithReport(submitter, statusUrl, 'Een sociale kruidenier met een nieuw evaluatierapport.');
    expect(await submitter.locator('.update-status').textContent()).to.contain('wacht op een moderator');

    const moderator = await moderatorPage({ acceptDownloads: true });
    await moderator.goto(`${t.baseUrl}/beheer/praktijken/${id}`);
    await moderator.getByRole('link', { name: 'Bekijk wat het voorstel verandert' }).click();
    await moderator.getByRole('heading', { level: 1, name: 'Voorgestelde wijziging: Sociale kruidenier Heule' }).waitFor();
    expect(await moderator.locator('.changes__field[data-field=summary] .changes__after').textContent()).to.contain('nieuw evaluatierapport');
    const added = moderator.locator('.update-files__added a');
    expect(await added.textContent()).to.equal('evaluatierapport');
    const [download] = await Promise.all([moderator.waitForEvent('download'), added.click()]);
    expect(download.suggestedFilename()).to.equal('evaluatierapport.pdf');

    await moderator.getByRole('button', { name: 'Goedkeuren' }).click();
    await moderator.waitForURL(/\?gedaan=voorstel-goedgekeurd$/);
    await t.services.catalogue.refreshInBackground();
    const reader = await newPage({ acceptDownloads: true });
    await reader.goto(`${t.baseUrl}/praktijken/${slug}`);
    const [fromPublic] = await Promise.all([reader.waitForEvent('download'), reader.getByRole('link', { name: /evaluatierapport/ }).first().click()]);
    expect(fromPublic.suggestedFilename()).to.equal('evaluatierapport.pdf');
  });

  it('has no WCAG 2.1 A/AA violations on the review page with the evidence form, the proposal page and the status page’s update section', async () => {
    const { id, statusUrl } = await publishedPractice('Wijkgezondheidscentrum Rabot');
    const submitter = await newPage();
    await proposeWithReport(submitter, statusUrl, 'Een wijkgezondheidscentrum met een nieuwe samenvatting.');
    const moderator = await moderatorPage();
    const from = moderator.context();
    const review = `${t.baseUrl}/beheer/praktijken/${id}`;
    const proposal = `${review}/voorstel`;

    await expectAccessible('the review page with the evidence form and a waiting proposal', (page) => page.goto(review), from);
    await expectAccessible(
      'the evidence form with its errors',
      async (page) => {
        await page.goto(review);
        await page.getByRole('radio', { name: 'Beschreven' }).check();
        await page.getByRole('button', { name: 'Stand opslaan' }).click();
        await page.locator('.error-summary').waitFor();
      },
      from,
    );
    await expectAccessible('the status page with a waiting proposal', (page) => page.goto(`${statusUrl}?voorgesteld=1`));
    await expectAccessible('the proposal form with its file linked', (page) => page.goto(`${statusUrl}/bijwerken`));
    await expectAccessible('the proposal page with the files that come', (page) => page.goto(proposal), from);
    await expectAccessible(
      'the proposal page with its error',
      async (page) => {
        await page.goto(proposal);
        await page.getByRole('button', { name: 'Afwijzen' }).click();
        await page.locator('.error-summary').waitFor();
      },
      from,
    );

    // Rejected: the status page shows the moderator's reason.
    await moderator.goto(proposal);
    await moderator.getByLabel('Waarom neemt u de wijziging niet over? De indiener leest dit.').fill('Het rapport hoort bij een andere praktijk.');
    await moderator.getByRole('button', { name: 'Afwijzen' }).click();
    await moderator.waitForURL(/\?gedaan=voorstel-afgewezen$/);
    await submitter.goto(statusUrl);
    expect(await submitter.locator('.update-status__reason').textContent()).to.equal('Het rapport hoort bij een andere praktijk.');
    await expectAccessible('the status page with a rejected proposal', (page) => page.goto(statusUrl));
  });
});
