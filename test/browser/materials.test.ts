// Materials in a real Chromium, as issue 12 shows them: a practice submitted with a draaiboek (PDF) and a
// photo (PNG), published by a moderator and its draaiboek downloaded from the public page; the same
// form without JavaScript; a refused file that keeps the rest of the form; axe-core on every page.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { useBrowser } from '../support/browser.js';
import { pdfFile, pngFile } from '../support/material-files.js';
import { TEST_MODERATOR_PASSWORD, addModerator, unusedCode } from '../support/test-app.js';

const TITLE = 'Buurtkeuken Heule met draaiboek';
const PDF = pdfFile('Draaiboek buurtkeuken Heule');
const PNG = pngFile(7);
const PHOTO_DESCRIPTION = 'Buurtbewoners rond een lange tafel in het buurthuis, borden soep voor zich.';
const draaiboek = { name: 'draaiboek-buurtcafé.pdf', mimeType: 'application/pdf', buffer: PDF };
const photo = { name: 'buurtkeuken-heule.png', mimeType: 'image/png', buffer: PNG };
// An HTML page under a PDF's name, the browser told it is a PDF: the content decides, and it is refused.
const disguised = { name: 'verslag.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>') };

describe('materials of a practice in a browser', function () {
  this.timeout(120_000);
  const { t, newPage } = useBrowser();

  /** The required fields, as a submitter fills them in; `title` to tell practices apart. */
  const fillRequired = async (page: Page, title = TITLE) => {
    await page.goto(`${t.baseUrl}/indienen`);
    await page.getByLabel('Titel', { exact: true }).fill(title);
    await page.getByLabel('Korte samenvatting').fill('Buurtbewoners koken samen en eten samen, één keer per week, met een draaiboek dat elke buurt kan volgen.');
    await page.getByRole('radio', { name: 'Lokaal' }).check();
    await page.locator('details.municipality-group > summary', { hasText: 'West-Vlaanderen' }).click();
    await page.getByRole('checkbox', { name: 'Kortrijk', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Armoedebestrijding' }).check();
    await page.getByLabel('Uw gemeente of organisatie').fill('Stad Kortrijk');
    await page.getByLabel('Uw e-mailadres').fill('heule@kortrijk.test');
  };

  /** Presses "Verder naar controle" and waits for the page that answers, returning its status. */
  const pressContinue = async (page: Page): Promise<number> => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
      page.getByRole('button', { name: 'Verder naar controle' }).click(),
    ]);
    await page.waitForLoadState('domcontentloaded');
    return response.status();
  };

  const reviewHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Controleer uw praktijk' });

  /** The form after the two files were sent: both carried, the photo still asking for its description. */
  const formWithMaterialsCarried = async (page: Page, title = TITLE) => {
    await fillRequired(page, title);
    await page.setInputFiles('input[name=materials]', [draaiboek, photo]);
    expect(await pressContinue(page)).to.equal(400);
  };

  /** The review step of a practice with both files, the photo described. */
  const reviewWithMaterials = async (page: Page, title = TITLE) => {
    await formWithMaterialsCarried(page, title);
    await page.getByLabel('Wat staat er op de afbeelding?').fill(PHOTO_DESCRIPTION);
    expect(await pressContinue(page)).to.equal(200);
    await reviewHeading(page).waitFor();
  };

  /** The form after a disguised HTML file was refused beside a good PDF, with more than the required fields typed. */
  const formWithRefusal = async (page: Page) => {
    await fillRequired(page, 'Buurtkeuken Heule met verslag');
    await page.getByLabel('Resultaten (niet verplicht)').fill('Elke week schuiven dertig buurtbewoners aan.');
    await page.getByLabel('Bedrag in euro (niet verplicht)').fill('2.500');
    await page.getByRole('radio', { name: 'per jaar' }).check();
    await page.setInputFiles('input[name=materials]', [disguised, draaiboek]);
    expect(await pressContinue(page)).to.equal(400);
  };

  /** A moderator logs in through the real form and its second step, and is on the queue. */
  const moderatorPage = async (): Promise<Page> => {
    const account = await addModerator(t);
    const page = await newPage();
    await page.goto(`${t.baseUrl}/beheer/inloggen`);
    await page.getByLabel('E-mailadres').fill(account.email);
    await page.getByLabel('Wachtwoord').fill(TEST_MODERATOR_PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${t.baseUrl}/beheer/inloggen/code`);
    const secret = t.services.moderators.findById(account.id)?.totpSecret ?? '';
    await page.getByLabel('Code uit uw app').fill(unusedCode(t, account.id, secret));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(`${t.baseUrl}/beheer`);
    return page;
  };

  /** axe-core (WCAG 2.1 A/AA) finds nothing on the page `open` brings up, at 1280 and 375px, and nothing scrolls sideways. */
  async function expectAccessible(name: string, open: (page: Page) => Promise<unknown>): Promise<void> {
    // axe is injected as a script, which the site's CSP rightly refuses.
    const page = await newPage({ bypassCSP: true });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await open(page);
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
      expect(await sidewaysOverflow(page), `${name} scrolls sideways at ${width}px`).to.be.at.most(0);
    }
  }

  it('submit with a draaiboek and a photo → publish as a moderator → both on the public page, the draaiboek downloaded as it was sent (axe on the status and public pages)', async () => {
    const submitter = await newPage();

    // 1. Both files chosen at once; the photo needs a description, which the form asks for with both files kept.
    await formWithMaterialsCarried(submitter);
    const summary = submitter.locator('.error-summary');
    expect(await summary.textContent()).to.contain('Beschrijf wat er op de afbeelding "buurtkeuken-heule.png" staat');
    const carried = submitter.locator('.material-fields__file');
    expect((await carried.allTextContents()).map((s) => s.trim())).to.deep.equal(['draaiboek-buurtcafé.pdf (PDF)', 'buurtkeuken-heule.png (PNG-afbeelding)']);
    const descriptionField = submitter.getByLabel('Wat staat er op de afbeelding?');
    expect(await descriptionField.getAttribute('aria-invalid')).to.equal('true');
    expect(await submitter.getByLabel('Titel', { exact: true }).inputValue()).to.equal(TITLE);

    // 2. Described, and a clearer title for the draaiboek: the review step lists both files.
    await submitter.getByLabel('Titel van "draaiboek-buurtcafé.pdf"').fill('Draaiboek buurtkeuken');
    await descriptionField.fill(PHOTO_DESCRIPTION);
    expect(await pressContinue(submitter)).to.equal(200);
    await reviewHeading(submitter).waitFor();
    const listed = submitter.locator('.preview .practice__materials .material__link');
    expect(await listed.allTextContents()).to.deep.equal(['Draaiboek buurtkeuken', 'buurtkeuken-heule']);
    expect(await submitter.locator('.completeness-review').textContent()).to.not.contain('materiaal');
    await submitter.getByRole('button', { name: 'Praktijk indienen' }).click();
    await submitter.waitForURL(/\/indienen\/status\/[^/?]+\?ontvangen=1$/);
    const statusUrl = submitter.url();
    await expectAccessible('the status page', (page) => page.goto(statusUrl));

    const stored = t.services.practices.listByStatus(['pending']).find((p) => p.title === TITLE);
    expect(stored?.materials.map((m) => [m.fileName, m.mediaType, m.bytes, m.title, m.description])).to.deep.equal([
      ['draaiboek-buurtcafé.pdf', 'application/pdf', PDF.length, 'Draaiboek buurtkeuken', undefined],
      ['buurtkeuken-heule.png', 'image/png', PNG.length, 'buurtkeuken-heule', PHOTO_DESCRIPTION],
    ]);

    // 3. A moderator publishes it from the queue.
    const moderator = await moderatorPage();
    await moderator.locator('section[aria-labelledby="pending-title"]').getByRole('link', { name: TITLE }).click();
    await moderator.waitForURL(/\/beheer\/praktijken\/\d+$/);
    await moderator.getByRole('button', { name: 'Publiceren', exact: true }).click();
    await moderator.waitForURL(/\?gedaan=publish$/);

    // 4. The public page, once the catalogue has it (rebuilt in a worker): the draaiboek and the photo as a figure.
    const publicUrl = `${t.baseUrl}/praktijken/${stored!.slug}`;
    const reader = await newPage();
    const deadline = Date.now() + 5_000;
    while ((await reader.goto(publicUrl))?.status() !== 200 && Date.now() < deadline) await reader.waitForTimeout(100);
    await reader.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const materials = reader.locator('.practice__materials');
    expect(await materials.locator('.material__link').allTextContents()).to.deep.equal(['Draaiboek buurtkeuken', 'buurtkeuken-heule']);
    const image = materials.locator('figure img');
    expect(await image.getAttribute('alt')).to.equal(PHOTO_DESCRIPTION);
    // Shown, not only linked: the browser decoded the PNG despite its attachment disposition.
    await image.evaluate((img: HTMLImageElement) => img.decode());
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).to.equal(1);

    // 5. The draaiboek downloads with the bytes that were sent.
    const link = materials.getByRole('link', { name: 'Draaiboek buurtkeuken' });
    const [download] = await Promise.all([reader.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).to.equal('draaiboek-buurtcafé.pdf');
    const downloaded = await readFile(await download.path());
    expect(downloaded.equals(PDF), 'the downloaded bytes are the uploaded ones').to.equal(true);
    // Chromium hands a download no response event: the same address, asked with the reader's cookies, shows the headers.
    const response = await reader.request.get(new URL((await link.getAttribute('href'))!, publicUrl).href);
    const headers = response.headers();
    expect(response.status()).to.equal(200);
    // A name beyond ASCII travels as UTF-8 from the file input to the download (RFC 8187 filename*).
    expect(headers['content-disposition']).to.equal(`attachment; filename="draaiboek-buurtcaf_.pdf"; filename*=UTF-8''draaiboek-buurtcaf%C3%A9.pdf`);
    expect(headers['content-type']).to.equal('application/pdf');
    expect(headers['x-content-type-options']).to.equal('nosniff');
    expect(headers['content-security-policy']).to.equal("default-src 'none'; sandbox");

    await expectAccessible('the public page with a PDF and a figure', async (page) => {
      await page.goto(publicUrl);
      expect(await page.locator('.practice__materials figure img').count()).to.equal(1);
    });
  });

  it('sends a chosen file without JavaScript: it arrives on the review step and is stored with the practice', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await fillRequired(page, 'Buurtkeuken Heule zonder JavaScript');
    await page.setInputFiles('input[name=materials]', [draaiboek]);
    expect(await pressContinue(page)).to.equal(200);
    await reviewHeading(page).waitFor();
    expect(await page.locator('.preview .practice__materials .material__link').allTextContents()).to.deep.equal(['draaiboek-buurtcafé']);
    await page.getByRole('button', { name: 'Praktijk indienen' }).click();
    await page.waitForURL(/\/indienen\/status\/[^/?]+\?ontvangen=1$/);
    const stored = t.services.practices.listByStatus(['pending']).find((p) => p.title === 'Buurtkeuken Heule zonder JavaScript');
    expect(stored?.materials.map((m) => [m.fileName, m.bytes])).to.deep.equal([['draaiboek-buurtcafé.pdf', PDF.length]]);
  });

  it('refuses an HTML file named .pdf by name, keeps everything typed and the good PDF, and goes on once it is left out', async () => {
    const page = await newPage();
    await formWithRefusal(page);
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).to.contain('"verslag.pdf"');
    // The refusal leads to the file field.
    const link = summary.locator('a', { hasText: 'verslag.pdf' });
    expect(await link.getAttribute('href')).to.equal('#materials');
    await link.click();
    expect(await page.locator('#materials').isVisible()).to.equal(true);
    expect(await page.locator('#materials-error').textContent()).to.contain('verslag.pdf');
    // Everything typed is still there.
    expect(await page.getByLabel('Titel', { exact: true }).inputValue()).to.equal('Buurtkeuken Heule met verslag');
    expect(await page.getByLabel('Resultaten (niet verplicht)').inputValue()).to.equal('Elke week schuiven dertig buurtbewoners aan.');
    expect(await page.getByLabel('Bedrag in euro (niet verplicht)').inputValue()).to.equal('2.500');
    expect(await page.getByRole('radio', { name: 'per jaar' }).isChecked()).to.equal(true);
    expect(await page.getByRole('checkbox', { name: 'Kortrijk', exact: true }).isChecked()).to.equal(true);
    expect(await page.getByLabel('Uw e-mailadres').inputValue()).to.equal('heule@kortrijk.test');
    // The good PDF is carried, not to be chosen again; the refused file is not.
    expect((await page.locator('.material-fields__file').allTextContents()).map((s) => s.trim())).to.deep.equal(['draaiboek-buurtcafé.pdf (PDF)']);
    expect(await page.locator('input[name=materials]').evaluate((input: HTMLInputElement) => input.files?.length)).to.equal(0);
    // The refusal marks the file field; the carried file's own fields are fine and do not look wrong.
    const borderOf = (selector: string) => page.locator(selector).evaluate((e) => getComputedStyle(e).borderLeftColor);
    expect(await borderOf('#material-0-title')).to.equal(await borderOf('#title'));

    // Sent again as it is: the review step, with the good PDF only.
    expect(await pressContinue(page)).to.equal(200);
    await reviewHeading(page).waitFor();
    expect(await page.locator('.preview .practice__materials .material__link').allTextContents()).to.deep.equal(['draaiboek-buurtcafé']);
  });

  it('has no WCAG 2.1 A/AA violations on the form with materials carried, with a refused file and on the review step with materials, at 1280 and 375px', async () => {
    await expectAccessible('the form with materials carried', (page) => formWithMaterialsCarried(page, 'Buurtkeuken Heule toegankelijk'));
    await expectAccessible('the form with a refused file', formWithRefusal);
    await expectAccessible('the review step with materials', (page) => reviewWithMaterials(page, 'Buurtkeuken Heule toegankelijk'));
  });
});
