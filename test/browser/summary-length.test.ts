// A summary over its 600 characters, in a real Chromium: the form says so while typing (a count, heard
// by a screen reader once typing pauses), nothing cuts the text, and the server refuses it with its
// length; without JavaScript the form works the same, without the count.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useBrowser } from '../support/browser.js';
import { accessibilityViolations } from '../support/accessibility.js';

const TOO_LONG = `${'Een warme maaltijd voor buurtbewoners. '.repeat(16)}Einde`;

describe('the length of a summary, while typing', function () {
  this.timeout(60_000);
  const { t, newPage } = useBrowser();

  const fillTheRest = async (page: Page) => {
    await page.fill('#title', 'Wijkrestaurant met een lange samenvatting');
    // A practice for all of Flanders needs no municipality.
    await page.locator('input[name="scale"][value="vlaams"]').check();
    await page.locator('input[name="themes"][value="armoedebestrijding"]').check();
    await page.fill('#contactOrganisation', 'Stad Kortrijk');
    await page.fill('#contactEmail', 'welzijn@kortrijk.test');
  };

  const submit = async (page: Page) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/indienen' && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Verder naar controle' }).click(),
    ]);
    await page.waitForLoadState('domcontentloaded');
    return response;
  };

  it('counts down while typing, says how much is too much, cuts nothing, and the server refuses with the length', async () => {
    expect(TOO_LONG.length).to.be.greaterThan(600);
    const page = await newPage();
    await page.goto(`${t.baseUrl}/indienen`);
    const count = page.locator('#summary-count');
    expect(await count.textContent()).to.equal('Nog 600 tekens over van de 600.');
    expect(await page.locator('#summary').getAttribute('maxlength')).to.equal(null);

    await page.locator('#summary').pressSequentially('Een wijkrestaurant.');
    expect(await count.textContent()).to.equal('Nog 581 tekens over van de 600.');
    // The screen reader hears it once typing pauses, from a polite live region.
    expect(await page.locator('#summary-count-status').getAttribute('aria-live')).to.equal('polite');
    await page.waitForFunction(() => document.getElementById('summary-count-status')?.textContent === 'Nog 581 tekens over van de 600.');

    await page.fill('#summary', TOO_LONG);
    const over = TOO_LONG.length - 600;
    expect(await count.textContent()).to.equal(`${over} tekens te veel: maak de tekst korter, anders kunt u niet verder.`);
    expect(await page.locator('#summary').inputValue()).to.equal(TOO_LONG);
    await page.waitForFunction((n) => document.getElementById('summary-count-status')?.textContent?.startsWith(`${n} tekens te veel`), over);

    await fillTheRest(page);
    expect((await submit(page)).status()).to.equal(400);
    const message = `De samenvatting mag hoogstens 600 tekens lang zijn. Ze is nu ${TOO_LONG.length} tekens lang: maak ze ${over} tekens korter.`;
    expect(await page.locator('.error-summary').textContent()).to.contain(message);
    expect(await page.locator('#summary-error').textContent()).to.contain(message);
    // Shown again whole, with the count already saying it.
    expect(await page.locator('#summary').inputValue()).to.equal(TOO_LONG);
    expect(await count.textContent()).to.match(new RegExp(`^${over} tekens te veel`));
  });

  it('counts line breaks as the server does: one character each', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/indienen`);
    // 600 characters with 9 line breaks: allowed, although the form sends each break as two characters.
    const lines = Array.from({ length: 10 }, (_, i) => `${String(i).padEnd(59, 'x')}`).join('\n');
    expect(lines.length).to.equal(599);
    await page.fill('#summary', `${lines}.`);
    expect(await page.locator('#summary-count').textContent()).to.equal('Nog 0 tekens over van de 600.');
    await fillTheRest(page);
    expect((await submit(page)).status()).to.equal(200);
  });

  it('without JavaScript: no count, the hint names the limit, and the server refuses the same way', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/indienen`);
    expect(await page.locator('#summary-count').count()).to.equal(0);
    expect(await page.locator('#summary-hint').textContent()).to.contain('Hoogstens 600 tekens.');
    await page.fill('#summary', TOO_LONG);
    await fillTheRest(page);
    expect((await submit(page)).status()).to.equal(400);
    expect(await page.locator('#summary-error').textContent()).to.contain(`Ze is nu ${TOO_LONG.length} tekens lang`);
    expect(await page.locator('#summary').inputValue()).to.equal(TOO_LONG);
  });

  it('leaves the form accessible with the count shown', async () => {
    const page = await newPage({ bypassCSP: true });
    await page.goto(`${t.baseUrl}/indienen`);
    await page.fill('#summary', TOO_LONG);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
  });
});
