// The public catalogue as a user meets it over HTTP: the results page and a practice's page.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { insertFullPractice, PDF_HASH, PNG_HASH } from '../support/full-practice.js';
import { practiceInput } from '../support/practices.js';
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
        // The only address on the page is the operator's, in the footer (and the invitation to complete it).
        expect(new Set(res.text.match(/mailto:[^"]*/g))).to.deep.equal(new Set([`mailto:${t.config.operator.email}`]));
      }
    });

    describe('a practice with every field a copier needs', () => {
      before(async () => {
        await insertFullPractice(t, 'buddywerking-testdorp');
      });
      const text = ($: cheerio.CheerioAPI, selector: string) => $(selector).text().replace(/\s+/g, ' ').trim();

      it('shows the working elements and what copying takes as sections beside the story', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        const headings = $('.practice__section h2').map((_, e) => $(e).text()).get();
        expect(headings).to.deep.equal(['Aanleiding', 'Aanpak', 'Resultaten', 'Werkzame elementen', 'Wat heb je nodig om dit over te nemen?']);
        expect($('.practice__section--werkzame-elementen p')).to.have.length(2);
        expect(text($, '.practice__section--overnemen')).to.contain('een pool van twintig vrijwilligers');
      });

      it('says what it costs in Dutch number format, what that covers, who pays and the staff it takes', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        const means = text($, '.practice__means');
        expect(means).to.contain('Kosten en middelen');
        expect(means).to.contain('€ 12.500 per jaar');
        expect(means).to.contain('Loon van de coördinator en onkosten van de vrijwilligers');
        expect(means).to.contain('Eigen middelen, Vlaamse subsidie');
        expect(means).to.contain('0,5 VTE');
      });

      it('shows the reach and the evaluation, with its kind, summary and link', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        expect(text($, '.practice__reach')).to.equal('Bereik 120 gezinnen in 2024');
        expect(text($, '.practice__evaluation')).to.contain('Externe evaluatie').and.contain('De hogeschool bevroeg de gezinnen');
        expect($('.practice__evaluation a').attr('href')).to.equal('https://example.org/evaluatie');
      });

      it('names the contact person with role and organisation, and the e-mail the submitter agreed to publish', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        expect(text($, '.practice__contact')).to.contain('An Peeters').and.contain('Coördinator welzijn').and.contain('OCMW Testdorp');
        expect($('.practice__contact a[href="mailto:an.peeters@testdorp.test"]')).to.have.length(1);
      });

      it('lists the materials with type and size, linked to their address, and shows an image as a described figure', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        const items = $('.material').map((_, e) => $(e).text().replace(/\s+/g, ' ').trim()).get();
        expect(items[0]).to.equal('Draaiboek (PDF, 240 kB)');
        expect(items[1]).to.equal('Affiche (PNG-afbeelding, 1,3 MB)');
        expect($('.material__link').first().attr('href')).to.equal(`/praktijken/buddywerking-testdorp/materialen/${PDF_HASH}/draaiboek.pdf`);
        const figure = $('.material figure');
        expect(figure).to.have.length(1);
        expect(figure.find('img').attr('src')).to.equal(`/praktijken/buddywerking-testdorp/materialen/${PNG_HASH}/affiche.png`);
        expect(figure.find('img').attr('alt')).to.equal('Een buddy en een gezin aan een keukentafel');
        // Said once to a screen reader: the description is the alt text, the caption names the file.
        expect(figure.find('figcaption').text().replace(/\s+/g, ' ').trim()).to.equal('Affiche (PNG-afbeelding, 1,3 MB)');
      });

      it('dates what a reader relies on: the source as precisely as it is known, and the last check', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        const trust = text($, '.practice__trust');
        expect(trust).to.contain('Bron van 23 februari 2018');
        expect(trust).to.contain('Laatst nagekeken 5 maart 2026');
        expect($('.practice__trust time').map((_, e) => $(e).attr('datetime')).get()).to.include('2018-02-23');
        expect(text($, '.source')).to.contain('(23 februari 2018)');
      });

      it('gives the source date only as precisely as it is given: a month, or a year', async () => {
        await insertFullPractice(t, 'buddywerking-maand', { source: { title: 'Bron', date: '2018-02' } });
        await insertFullPractice(t, 'buddywerking-jaar', { source: { title: 'Bron', date: '2018' } });
        expect(text(await page('/praktijken/buddywerking-maand'), '.practice__trust')).to.contain('Bron van februari 2018');
        expect(text(await page('/praktijken/buddywerking-jaar'), '.practice__trust')).to.contain('Bron van 2018 ');
      });

      it('shows the moderators’ judgement with its justification and date, linked to the page that explains the ladder', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        const trust = text($, '.practice__trust');
        expect(trust).to.contain('Onderbouwd: De werkzame elementen zijn benoemd en onderbouwd.');
        expect(trust).to.contain('Beoordeeld door de moderatoren op 4 maart 2026');
        const ladder = $('.practice__trust a[href="/stand-van-de-praktijk"]');
        expect(ladder).to.have.length(1);
        await request(t.app).get(ladder.attr('href') ?? '').expect(200);
      });

      it('lists nothing as unknown when nothing a copier needs is missing', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        expect($('.practice__missing')).to.have.length(0);
        expect($('main').text()).not.to.contain('Wat we nog niet weten');
      });

      it('describes in JSON-LD the source’s date, the contact person on the organisation, and the materials at absolute addresses', async () => {
        const $ = await page('/praktijken/buddywerking-testdorp');
        const ld = JSON.parse($('script[type="application/ld+json"]').text()) as Record<string, unknown>;
        expect(ld.isBasedOn).to.deep.include({ name: 'Jaarverslag Testdorp', datePublished: '2018-02-23' });
        expect(ld.dateModified).to.be.a('string');
        expect(ld.sourceOrganization).to.deep.equal({
          '@type': 'Organization',
          name: 'OCMW Testdorp',
          contactPoint: { '@type': 'ContactPoint', name: 'An Peeters', contactType: 'Coördinator welzijn', email: 'an.peeters@testdorp.test' },
        });
        expect(ld.associatedMedia).to.deep.equal([
          { '@type': 'MediaObject', name: 'Draaiboek', encodingFormat: 'application/pdf', contentSize: '240000 B', contentUrl: `${t.config.publicUrl}/praktijken/buddywerking-testdorp/materialen/${PDF_HASH}/draaiboek.pdf` },
          {
            '@type': 'ImageObject',
            name: 'Affiche',
            description: 'Een buddy en een gezin aan een keukentafel',
            encodingFormat: 'image/png',
            contentSize: '1250000 B',
            contentUrl: `${t.config.publicUrl}/praktijken/buddywerking-testdorp/materialen/${PNG_HASH}/affiche.png`,
          },
        ]);
      });

      it('never shows a contact e-mail the submitter kept private, while still naming the person', async () => {
        await insertFullPractice(t, 'buddywerking-prive', { contactEmail: 'geheim.adres@testdorp.test', contactEmailPublic: false });
        const res = await request(t.app).get('/praktijken/buddywerking-prive').expect(200);
        // Not in the page, not in its JSON-LD, not anywhere in the HTML.
        expect(res.text).not.to.contain('geheim.adres');
        expect(new Set(res.text.match(/mailto:[^"]*/g))).to.deep.equal(new Set([`mailto:${t.config.operator.email}`]));
        const $ = cheerio.load(res.text);
        expect(text($, '.practice__contact')).to.contain('An Peeters');
        const ld = JSON.parse($('script[type="application/ld+json"]').text()) as { sourceOrganization?: { contactPoint?: Record<string, unknown> } };
        expect(ld.sourceOrganization?.contactPoint).to.deep.equal({ '@type': 'ContactPoint', name: 'An Peeters', contactType: 'Coördinator welzijn' });
      });
    });

    describe('a practice that says little', () => {
      it('says it was not checked nor judged yet, and lists honestly what we do not know, inviting its makers to complete it', async () => {
        const slug = 'kale-praktijk';
        t.services.practices.insert({ slug, status: 'published', input: practiceInput() });
        await t.services.catalogue.refreshInBackground();
        const $ = await page(`/praktijken/${slug}`);
        const trust = $('.practice__trust').text().replace(/\s+/g, ' ');
        expect(trust).to.contain('nog niet nagekeken');
        expect(trust).to.contain('Nog niet beoordeeld');
        expect(trust).to.contain('Datum van de bron niet bekend');
        expect($('.practice__trust a').attr('href')).to.equal('/stand-van-de-praktijk');
        expect($('.practice__missing h2').text()).to.equal('Wat we nog niet weten over deze praktijk');
        const missing = $('.practice__missing li').map((_, e) => $(e).text()).get();
        expect(missing).to.have.length(9);
        expect(missing).to.include.members(['de aanpak', 'een contactpersoon', 'wat ze kost (bedrag of personeelsinzet)']);
        const invitation = $('.practice__missing').text().replace(/\s+/g, ' ');
        expect(invitation).to.contain('statuslink');
        expect(invitation).to.contain('Praktijkbank (testinstallatie)');
        for (const block of ['.practice__means', '.practice__reach', '.practice__evaluation', '.practice__materials', '.practice__contact']) {
          expect($(block), block).to.have.length(0);
        }
      });
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
