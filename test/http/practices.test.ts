// The public catalogue as a user meets it over HTTP: the results page and a practice's page.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { useTestApp } from '../support/test-app.js';

describe('the public catalogue pages', () => {
  const t = useTestApp();

  const page = async (url: string, status = 200) => {
    const res = await request(t.app).get(url).expect(status).expect('Content-Type', /html/);
    return cheerio.load(res.text);
  };
  const resultTitles = ($: cheerio.CheerioAPI) => $('.result__title').map((_, e) => $(e).text().trim()).get();

  describe('GET /praktijken', () => {
    it('browses every published practice, newest first, when nothing is typed', async () => {
      const $ = await page('/praktijken');
      expect($('h1').text()).to.equal('Alle praktijken');
      expect($('#results-title').text()).to.match(/^\s*16 praktijken/);
      expect($('.result')).to.have.length(16);
      expect($('#sort option[selected]').attr('value')).to.equal('newest');
    });

    it('finds the Zoersel practice for "geintegreerd breed onthaal" typed without the diaeresis', async () => {
      const $ = await page('/praktijken?q=geintegreerd+breed+onthaal');
      expect(resultTitles($)[0]).to.equal('Geïntegreerd breed onthaal in Zoersel');
      expect($('.result').first().find('.result__snippet mark').length).to.be.greaterThan(0);
    });

    it('forgives a typo, a plural and an abbreviation', async () => {
      expect(resultTitles(await page('/praktijken?q=landbouwrs'))).to.include('Hulpaanbod voor landbouwers in Diksmuide');
      expect(resultTitles(await page('/praktijken?q=gezinscoach'))[0]).to.match(/gezinscoaches/i);
      expect(resultTitles(await page('/praktijken?q=GBO'))).to.include('Geïntegreerd breed onthaal in Zoersel');
    });

    it('says plainly when nothing matches, with tips to go on', async () => {
      const $ = await page('/praktijken?q=xqzwvk');
      expect($('#results-title').text()).to.contain('Geen praktijken gevonden');
      expect($('.empty').text()).to.contain('Bekijk alle praktijken');
    });

    it('escapes what was typed wherever it is shown', async () => {
      const typed = '<script>alert(1)</script> "><img src=x onerror=alert(2)>';
      const res = await request(t.app).get('/praktijken').query({ q: typed }).expect(200);
      expect(res.text).not.to.contain('<script>alert(1)');
      expect(res.text).not.to.contain('<img src=x');
      const $ = cheerio.load(res.text);
      expect($('input[name=q]').val()).to.equal(typed);
      expect($('#results-title').text()).to.contain(typed);
    });

    it('treats Lunr query syntax and any other string as words, never as an error', async () => {
      const nasty = ['title:zorg', 'zorg^10', 'zorg~2', '*', '+zorg -gezin', '"breed onthaal"', ':', '^', '~', '-', '+', '\\', 'auteur:x',
        "' OR 1=1 --", '🙂 zorg', '%', '%%41', 'a'.repeat(5000), '   ', '!!!???', '\u0000', 'zorg\u202Egezin', '[]{}()'];
      for (const q of nasty) {
        const res = await request(t.app).get('/praktijken').query({ q });
        expect(res.status, `q=${JSON.stringify(q.slice(0, 30))}`).to.equal(200);
      }
    });

    it('narrows by one facet and widens again with a second value of the same facet (OR)', async () => {
      const one = await page('/praktijken?province=limburg');
      expect(resultTitles(one)).to.deep.equal(['Buurtgerichte zorg Limburg']);
      const two = await page('/praktijken?province=limburg&province=west-vlaanderen');
      expect(resultTitles(two)).to.have.members(['Buurtgerichte zorg Limburg', 'Zorgnetwerken West-Vlaanderen', 'Hulpaanbod voor landbouwers in Diksmuide']);
    });

    it('combines facets with AND', async () => {
      const $ = await page('/praktijken?theme=informele-zorg&province=west-vlaanderen');
      expect(resultTitles($)).to.deep.equal(['Zorgnetwerken West-Vlaanderen']);
    });

    it('shows each facet value with its count under the current query and keeps other values of a chosen facet', async () => {
      const $ = await page('/praktijken?province=limburg');
      const count = (id: string) => $(`label[for="${id}"] .facet__count`).text();
      expect(count('f-province-limburg')).to.equal('(1)');
      // Diksmuide lies in West-Vlaanderen: its province is derived from the municipality.
      expect(count('f-province-west-vlaanderen')).to.equal('(2)');
      expect($('#f-province-limburg').is(':checked')).to.equal(true);
      // Within the chosen province, theme counts follow the narrowed result.
      expect(count('f-theme-buurtgerichte-zorg')).to.equal('(1)');
      expect($('#f-theme-gezinsondersteuning')).to.have.length(0);
    });

    it('finds a practice by the municipality it runs in, given as NIS code', async () => {
      const $ = await page('/praktijken?municipality=32003');
      expect(resultTitles($)).to.deep.equal(['Hulpaanbod voor landbouwers in Diksmuide']);
      expect($('.active-filters').text()).to.contain('Diksmuide');
    });

    it('lists the active filters, each with a link that removes it', async () => {
      const $ = await page('/praktijken?q=zorg&province=limburg&theme=informele-zorg');
      const chips = $('.active-filters a.chip');
      expect(chips).to.have.length(2);
      const remove = chips.filter((_, e) => $(e).text().includes('Limburg')).attr('href');
      expect(remove).to.equal('/praktijken?q=zorg&theme=informele-zorg');
    });

    it('keeps the whole search in the URL: pages, sort and filters survive each other', async () => {
      const $ = await page('/praktijken?pageSize=2&theme=netwerken&sort=title');
      expect($('.result')).to.have.length(2);
      const next = $('.pagination a[rel=next]').attr('href');
      expect(next).to.equal('/praktijken?theme=netwerken&sort=title&pageSize=2&page=2');
      const second = await page(next ?? '');
      expect($('.result__title').first().text()).not.to.equal(second('.result__title').first().text());
      expect(second('.facets__form input[type=hidden][name=sort]').val()).to.equal('title');
    });

    it('links to the statistics, the exports and the feed of the same search', async () => {
      const $ = await page('/praktijken?q=zorg&province=limburg&page=1');
      expect($('.result-tools__statistics a').attr('href')).to.equal('/cijfers?q=zorg&province=limburg');
      const stats = await page('/cijfers?q=zorg&province=limburg');
      expect(stats('main').text()).to.contain('1 gepubliceerde praktijk');
    });

    it('sorts by title when asked', async () => {
      const titles = resultTitles(await page('/praktijken?sort=title'));
      expect(titles).to.deep.equal([...titles].sort((a, b) => a.localeCompare(b, 'nl')));
    });

    it('explains a page number past the end and links back to the first page', async () => {
      const $ = await page('/praktijken?page=999');
      expect($('.result')).to.have.length(0);
      expect($('.results').text()).to.contain('Ga naar de eerste pagina');
    });

    const badInputs: [string, RegExp][] = [
      ['/praktijken?theme=bestaat-niet', /Onbekend thema "bestaat-niet"/],
      ['/praktijken?province=brussel', /Onbekende provincie "brussel"/],
      ['/praktijken?municipality=Antwerpen', /gebruik de NIS-code/],
      ['/praktijken?startYear=19', /Ongeldig beginjaar "19"/],
      ['/praktijken?pageSize=101', /per pagina moet een geheel getal van 1 tot 100/],
      ['/praktijken?page=0', /paginanummer moet een geheel getal/],
      ['/praktijken?page=abc', /paginanummer moet een geheel getal/],
      ['/praktijken?page=1&page=2', /Geef de parameter page maar één keer op/],
      ['/praktijken?sort=random', /Sorteer op relevance, newest of title/],
    ];
    for (const [url, message] of badInputs) {
      it(`answers ${url} with 400 and a Dutch message, keeping what was typed`, async () => {
        const $ = await page(`${url}&q=zorg`, 400);
        expect($('.error-summary').text()).to.match(message);
        expect($('input[name=q]').val()).to.equal('zorg');
        expect($('.result').length).to.be.greaterThan(0);
      });
    }

    it('escapes a bad filter value in its error message', async () => {
      const res = await request(t.app).get('/praktijken').query({ theme: '<b>x</b>' }).expect(400);
      expect(res.text).not.to.contain('<b>x</b>');
      expect(cheerio.load(res.text)('.error-summary').text()).to.contain('Onbekend thema "<b>x</b>"');
    });

    it('answers a malformed percent-encoding with a 400 page, not a crash', async () => {
      const res = await request(t.app).get('/praktijken?q=%E0%A4%A').expect('Content-Type', /html/);
      expect(res.status).to.be.oneOf([200, 400]);
    });
  });

  describe('GET /praktijken/:slug', () => {
    it('shows every field the source fills, with its source named', async () => {
      const $ = await page('/praktijken/gbo-zoersel');
      expect($('h1').text()).to.equal('Geïntegreerd breed onthaal in Zoersel');
      expect($('.lead').text().length).to.be.greaterThan(20);
      expect($('.source').text()).to.match(/Bron/);
      expect($('.facts dt').map((_, e) => $(e).text()).get()).to.include.members(['Thema', 'Gemeente', 'Provincie', 'Schaal', 'Gepubliceerd']);
      expect($('.facts time').attr('datetime')).to.match(/^\d{4}-\d{2}-\d{2}T/);
      expect($('a.tag').filter((_, e) => $(e).text() === 'Zoersel').attr('href')).to.equal('/praktijken?municipality=11055');
      expect($('a.tag').filter((_, e) => $(e).text() === 'Antwerpen').attr('href')).to.equal('/praktijken?province=antwerpen');
    });

    it('links every tag to the search filtered on it, and each such search finds the practice', async () => {
      const $ = await page('/praktijken/zorgnetwerken-west-vlaanderen');
      const hrefs = $('.facts a.tag').map((_, e) => $(e).attr('href')).get();
      expect(hrefs.length).to.be.greaterThan(3);
      for (const href of hrefs) {
        expect(resultTitles(await page(href)), href).to.include('Zorgnetwerken West-Vlaanderen');
      }
    });

    it('suggests similar practices, never the practice itself', async () => {
      const $ = await page('/praktijken/zorgnetwerken-west-vlaanderen');
      const related = $('.related .card__title').map((_, e) => $(e).text().trim()).get();
      expect(related.length).to.be.greaterThan(0);
      expect(related).not.to.include('Zorgnetwerken West-Vlaanderen');
    });

    it('never shows the private contact e-mail', async () => {
      const emails = t.services.catalogue.all().flatMap((p) => (p.contactEmail ? [p.contactEmail] : []));
      for (const p of t.services.catalogue.all()) {
        const res = await request(t.app).get(`/praktijken/${p.slug}`).expect(200);
        for (const email of emails) expect(res.text).not.to.contain(email);
        expect(res.text).not.to.match(/mailto:/);
      }
    });

    it('answers an unknown practice with a Dutch 404 page', async () => {
      const $ = await page('/praktijken/bestaat-niet', 404);
      expect($('h1').text()).to.contain('niet gevonden');
    });

    it('answers strange slugs with 404, not an error', async () => {
      for (const slug of ['%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', "'%20OR%201=1", 'a'.repeat(2000), '%00']) {
        const res = await request(t.app).get(`/praktijken/${slug}`);
        expect(res.status, slug).to.be.oneOf([400, 404]);
        expect(res.headers['content-type']).to.match(/html/);
      }
    });
  });
});
