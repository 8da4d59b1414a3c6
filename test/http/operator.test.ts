// Who runs this site, said once (OPERATOR_* in the configuration) and everywhere: the footer of every
// page, the privacy and accessibility statements, the about page and a practice page's invitation.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { OPERATOR_PLACEHOLDER } from '../../src/config.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';
import { practiceInput } from '../support/practices.js';
import { useTestApp } from '../support/test-app.js';

const NAME = OPERATOR_ENVIRONMENT.OPERATOR_NAME;
const ADDRESS = OPERATOR_ENVIRONMENT.OPERATOR_ADDRESS;
const EMAIL = OPERATOR_ENVIRONMENT.OPERATOR_EMAIL;
const PAGES = ['/', '/praktijken', '/praktijken/gbo-zoersel', '/over', '/stand-van-de-praktijk', '/cijfers', '/open-data', '/api', '/indienen', '/privacy', '/toegankelijkheid'];
const text = ($: cheerio.CheerioAPI, selector: string) => $(selector).text().replace(/\s+/g, ' ').trim();

describe('the operator of the site', () => {
  describe('when the installation names it', () => {
    const t = useTestApp({ environment: OPERATOR_ENVIRONMENT });

    it('shows its name, postal address and e-mail as a mailto link in the footer of every page, and of the 404 page', async () => {
      for (const url of PAGES) {
        const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
        const address = $('footer address');
        expect(address.text().replace(/\s+/g, ' '), url).to.contain(NAME).and.to.contain(ADDRESS);
        expect(address.find(`a[href="mailto:${EMAIL}"]`).text(), url).to.equal(EMAIL);
        expect(text($, 'footer'), url).not.to.contain('Testinstallatie');
      }
      const $ = cheerio.load((await request(t.app).get('/bestaat/niet').expect(404)).text);
      expect(text($, 'footer address')).to.contain(NAME);
    });

    it('names it as the controller of the data in the privacy statement, with its address and e-mail', async () => {
      const $ = cheerio.load((await request(t.app).get('/privacy').expect(200)).text);
      const controller = $('h2:contains("Wie is verantwoordelijk?")').nextUntil('h2');
      const said = controller.text().replace(/\s+/g, ' ');
      expect(said).to.contain(NAME).and.to.contain(ADDRESS).and.to.contain(EMAIL);
      expect(said).not.to.contain('testinstallatie');
      expect(text($, 'main')).to.contain(`neemt u contact op met ${NAME} (${EMAIL})`);
    });

    it('is whom the accessibility statement asks to hear from, by e-mail or by post', async () => {
      const $ = cheerio.load((await request(t.app).get('/toegankelijkheid').expect(200)).text);
      const feedback = $('h2:contains("Feedback en contact")').nextUntil('h2');
      expect(feedback.find(`a[href="mailto:${EMAIL}"]`).text()).to.equal(EMAIL);
      expect(feedback.text().replace(/\s+/g, ' ')).to.contain(`per post aan ${NAME}, ${ADDRESS}`);
      expect(text($, 'main')).to.contain(`${NAME}, die de website beheert, streeft ernaar`);
    });

    it('is introduced on the about page, with how to reach it', async () => {
      const $ = cheerio.load((await request(t.app).get('/over').expect(200)).text);
      const section = $('h2:contains("Wie beheert Praktijkbank?")').nextUntil('h2');
      expect(section.text().replace(/\s+/g, ' ')).to.contain(`wordt beheerd door ${NAME}`).and.to.contain(ADDRESS);
      expect(section.find(`a[href="mailto:${EMAIL}"]`)).to.have.length(1);
    });

    it('is whom a practice page that says little invites its readers to write to', async () => {
      t.services.practices.insert({ slug: 'kale-praktijk-beheer', status: 'published', input: practiceInput() });
      await t.services.catalogue.refreshInBackground();
      const $ = cheerio.load((await request(t.app).get('/praktijken/kale-praktijk-beheer').expect(200)).text);
      expect(text($, '.practice__missing')).to.contain(`neem dan contact op met ${NAME} via ${EMAIL}`);
      expect($(`.practice__missing a[href="mailto:${EMAIL}"]`)).to.have.length(1);
    });

    it('leaves no trace of the old constant or the placeholders on any page', async () => {
      for (const url of PAGES) {
        const html = (await request(t.app).get(url).expect(200)).text;
        expect(html, url).not.to.contain('de beheerder van Praktijkbank');
        expect(html, url).not.to.contain(OPERATOR_PLACEHOLDER.email);
        expect(html, url).not.to.contain(OPERATOR_PLACEHOLDER.name);
      }
    });
  });

  describe('when the name holds characters HTML gives a meaning', () => {
    const t = useTestApp({ environment: { ...OPERATOR_ENVIRONMENT, OPERATOR_NAME: 'Welzijn & Zorg <vzw> "Testland"' } });

    it('shows them as text, never as markup', async () => {
      const res = await request(t.app).get('/privacy').expect(200);
      expect(res.text).not.to.contain('<vzw>');
      expect(res.text).to.contain('Welzijn &amp; Zorg &lt;vzw&gt; &#34;Testland&#34;');
      expect(cheerio.load(res.text)('footer address').text()).to.contain('Welzijn & Zorg <vzw> "Testland"');
    });
  });

  describe('when a development or test installation does not name it yet', () => {
    const t = useTestApp();

    it('shows the placeholders and says plainly, in the footer of every page, that they are examples', async () => {
      for (const url of PAGES) {
        const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
        expect(text($, 'footer address'), url).to.contain(OPERATOR_PLACEHOLDER.name);
        expect(text($, 'footer .site-footer__placeholder'), url).to.equal(
          'Testinstallatie: wie deze installatie beheert, is nog niet ingesteld. De naam, het adres en het e-mailadres hierboven zijn voorbeelden, geen echte contactgegevens.',
        );
      }
    });

    it('says so too where the privacy statement names the controller, and on the about page', async () => {
      for (const url of ['/privacy', '/over']) {
        const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
        expect(text($, 'main'), url).to.contain('Dit is een testinstallatie: wie ze beheert, is nog niet ingesteld.');
      }
    });
  });
});
