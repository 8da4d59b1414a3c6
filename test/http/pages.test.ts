// The home page, the about page, the evidence ladder, the privacy and accessibility statements, the health check, the error pages and the headers every page carries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { THEMES } from '../../src/domain/vocabulary.js';
import { insertPractice } from '../support/practices.js';
import { formToken, post, submitThroughForm, validFields } from '../support/submissions.js';
import { startTestApp, useTestApp } from '../support/test-app.js';

describe('the site pages', () => {
  const t = useTestApp();

  describe('GET /', () => {
    it('offers the search box and the themes of the catalogue as entry points, with their counts', async () => {
      const res = await request(t.app).get('/').expect(200).expect('Content-Type', /html/);
      const $ = cheerio.load(res.text);
      expect($('html').attr('lang')).to.equal('nl');
      expect($('form[action="/praktijken"] input[name=q]')).to.have.length(1);
      const themeLinks = $('a.theme-card').map((_, e) => $(e).attr('href')).get();
      expect(themeLinks).to.include('/praktijken?theme=breed-onthaal');
      for (const href of themeLinks) expect(href).to.match(/^\/praktijken\?theme=[a-z-]+$/);
      const label = THEMES.find((th) => th.value === 'netwerken')?.label ?? '';
      expect($('.theme-card').text()).to.contain(label);
    });
  });

  describe('GET /over', () => {
    it('explains what Praktijkbank is and names its sources, including the municipality list', async () => {
      const res = await request(t.app).get('/over').expect(200);
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.contain('Over');
      expect($('main').text()).to.contain('Statbel');
      expect($('main').text()).to.contain('285');
      expect($('main').text()).to.match(/VVSG|Departement Zorg|Vlaanderen/);
    });

    it('counts as coming from the source texts only the seed records, not every published practice', async () => {
      const seeds = (JSON.parse(readFileSync(join(t.config.seedsDir, 'practices.json'), 'utf8')) as unknown[]).length;
      const own = startTestApp();
      try {
        await insertPractice(own, { title: 'Ingediende praktijk', source: { title: 'Ingediend door Stad Gent' } });
        await insertPractice(own, { title: 'Nog een ingediende praktijk', source: { title: 'Ingediend door Stad Gent' } });
        expect(own.services.catalogue.size).to.equal(seeds + 2);
        const $ = cheerio.load((await request(own.app).get('/over').expect(200)).text);
        const text = $('main').text().replace(/\s+/g, ' ');
        expect(text).to.contain(`De eerste ${seeds} praktijken komen uit openbare teksten`);
        expect(text).to.contain('De andere 2 gepubliceerde praktijken werden ingediend door besturen en organisaties');
        expect(text).not.to.contain(`De eerste ${seeds + 2}`);
        const counts = $('#sources-caption').closest('table').find('tbody tr td:last-child').map((_, e) => Number($(e).text())).get();
        expect(counts.reduce((a, b) => a + b, 0)).to.equal(seeds);
        expect($('#sources-caption').closest('table').text()).not.to.contain('Stad Gent');
      } finally {
        own.close();
      }
    });
  });

  describe('GET /stand-van-de-praktijk', () => {
    it('explains the four rungs of the evidence ladder, lowest first, each with what it asks', async () => {
      const res = await request(t.app).get('/stand-van-de-praktijk').expect(200).expect('Content-Type', /html/);
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.equal('Stand van de praktijk');
      expect($('.evidence-ladder h3').map((_, e) => $(e).text()).get()).to.deep.equal(['Beschreven', 'Onderbouwd', 'Geëvalueerd', 'Overgenomen']);
      const steps = $('.evidence-ladder__step').map((_, e) => $(e).text().replace(/\s+/g, ' ')).get();
      expect(steps[0]).to.contain('beschreven dat een andere gemeente ze kan volgen');
      expect(steps[1]).to.contain('werkzame elementen');
      expect(steps[2]).to.contain('evaluatie met resultaten');
      expect(steps[3]).to.contain('andere gemeente');
    });

    it('says who decides, with a justification and a date, and that no practice gets a rung its material does not support', async () => {
      const $ = cheerio.load((await request(t.app).get('/stand-van-de-praktijk').expect(200)).text);
      expect($('h2').map((_, e) => $(e).text()).get()).to.include('Wie beslist?');
      const text = $('main').text().replace(/\s+/g, ' ');
      expect(text).to.contain('moderatoren');
      expect(text).to.contain('motivering en een datum');
      expect(text).to.contain('nooit een trede die haar materiaal niet draagt');
    });

    it('is linked from the footer and the about page, and listed in the sitemap', async () => {
      const about = cheerio.load((await request(t.app).get('/over').expect(200)).text);
      expect(about('footer a[href="/stand-van-de-praktijk"]')).to.have.length(1);
      expect(about('main a[href="/stand-van-de-praktijk"]')).to.have.length(1);
      const sitemap = (await request(t.app).get('/sitemap.xml').expect(200)).text;
      expect(sitemap).to.match(/<loc>[^<]*\/stand-van-de-praktijk<\/loc>/);
    });
  });

  describe('the privacy and accessibility statements', () => {
    it('answers GET /privacy with the Dutch privacy statement', async () => {
      const res = await request(t.app).get('/privacy').expect(200).expect('Content-Type', /html/);
      const $ = cheerio.load(res.text);
      expect($('html').attr('lang')).to.equal('nl');
      expect($('h1').text()).to.equal('Privacyverklaring');
      const text = $('main').text().replace(/\s+/g, ' ');
      expect(text).to.contain('geen analytics');
      // The cookies outside production (these tests) and in production.
      expect($('main code').map((_, e) => $(e).text()).get()).to.include.members(['praktijkbank', '__Host-praktijkbank', 'praktijkbank-formulier', '__Host-praktijkbank-formulier']);
      expect(text).to.contain('Vlaamse Toezichtcommissie');
      expect(text).to.contain('De formuliercookie verdwijnt als u uw browser sluit; we bewaren er niets van.');
      expect(text).to.match(/30 minuten zonder activiteit en in elk geval 8 uur/);
      // No e-mail address but the operator's, whom the statement names as the controller.
      expect(text.replaceAll(t.config.operator.email, '')).not.to.match(/@[a-z0-9-]+\./i);
    });

    it('says in the privacy statement which e-mails go to whom and why, through whose server, and how long the outbox keeps them', async () => {
      const $ = cheerio.load((await request(t.app).get('/privacy').expect(200)).text);
      const mail = $('h2#e-mail').nextUntil('h2').text().replace(/\s+/g, ' ');
      for (const sent of ['een ontvangstbevestiging met uw statuslink', 'gepubliceerd', 'een aanpassing vraagt', 'geweigerd', 'voorgestelde aanpassing van een gepubliceerde praktijk goedgekeurd', 'Alleen de ontvangstbevestiging bevat de statuslink']) {
        expect(mail).to.contain(sent);
      }
      expect(mail).to.contain('geen trackingpixel');
      expect(mail).to.contain('Uw e-mailadres tonen we nergens op de website, in de open data of in berichten aan anderen');
      expect(mail).to.contain(`via de mailserver die ${t.config.operator.name} voor Praktijkbank instelde`);
      expect(mail).to.contain('Zodra het verstuurd is, wissen we de tekst; het adres, het onderwerp en wanneer het vertrok bewaren we nog 90 dagen');
      expect(mail).to.contain('wissen we 90 dagen na de laatste poging');
      // Moderators hear of waiting work as each chooses, without the submitter's address.
      expect(mail).to.contain('Aan moderatoren, op het adres van hun account: een bericht als er een inzending, een aangepaste inzending of een voorgestelde aanpassing op beoordeling wacht, meteen of in één overzicht per dag');
      expect(mail).to.contain('het e-mailadres van de indiener staat er niet in');
      expect(mail).not.to.contain('Later komen er berichten bij: aan moderatoren');
      // Relayed questions, the yearly check and "wij doen dit ook": to whom, what is kept and how long.
      expect(mail).to.contain('Aan de makers van een praktijk, op het contact-e-mailadres van de praktijk (ook als dat niet gepubliceerd is)');
      expect(mail).to.contain('uw adres staat daar niet in, tenzij het al bij de praktijk gepubliceerd is');
      expect(mail).to.contain('Klopt uw praktijk nog?, met een persoonlijke link die 60 dagen geldt');
      expect(mail).to.contain('die 72 uur geldt');
      expect(mail).to.contain('nooit de inhoud, namen of adressen');
      const kept = $('h2:contains("Hoelang bewaren")').nextUntil('h2').text().replace(/\s+/g, ' ');
      expect(kept).to.contain('vergeten we na 24 uur');
      expect(kept).to.contain('wissen we zodra u bevestigt, of 72 uur na de melding');
      expect(mail).not.to.contain('Later komen er berichten bij');
      // Linked from what is processed and the retention list, so the section is found from both.
      expect($('main a[href="#e-mail"]').length).to.be.at.least(3);
      expect($('main li:contains("Van een verstuurde e-mail bewaren we het adres en het onderwerp 90 dagen in de outbox")')).to.have.length(1);
    });

    it('answers GET /toegankelijkheid with the Dutch accessibility statement', async () => {
      const res = await request(t.app).get('/toegankelijkheid').expect(200).expect('Content-Type', /html/);
      const $ = cheerio.load(res.text);
      expect($('html').attr('lang')).to.equal('nl');
      expect($('h1').text()).to.equal('Toegankelijkheidsverklaring');
      const text = $('main').text().replace(/\s+/g, ' ');
      expect(text).to.contain('gedeeltelijk conform');
      expect(text).to.contain('WCAG');
      expect(text).to.contain('EN 301 549');
      expect(text).to.contain('Vlaamse Ombudsdienst');
      expect(text).to.contain('25 november 2026');
      expect($('h2').map((_, e) => $(e).text()).get()).to.include.members(['Nalevingsstatus', 'Handhavingsprocedure']);
    });

    it('links to both from the footer of every main page', async () => {
      for (const url of ['/', '/praktijken', '/over', '/indienen', '/praktijken/gbo-zoersel', '/privacy', '/toegankelijkheid']) {
        const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
        expect($('footer a[href="/privacy"]').text(), url).to.equal('Privacyverklaring');
        expect($('footer a[href="/toegankelijkheid"]').text(), url).to.equal('Toegankelijkheidsverklaring');
      }
    });
  });

  describe('an unknown address', () => {
    it('gets a Dutch 404 page with a way back', async () => {
      const res = await request(t.app).get('/bestaat/niet').expect(404).expect('Content-Type', /html/);
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.contain('Pagina niet gevonden');
      expect($('main a[href="/praktijken"]').length + $('main form[action="/praktijken"]').length).to.be.greaterThan(0);
    });

    it('does not reveal a stack trace for a malformed address', async () => {
      const res = await request(t.app).get('/%E0%A4%A');
      expect(res.status).to.be.within(400, 499);
      expect(res.text).not.to.match(/\n\s+at \S+ \(|node_modules|Error:/);
    });

    it('refuses methods the site does not offer without an error page', async () => {
      const res = await request(t.app).post('/praktijken').send('q=x');
      // The app-wide CSRF check comes before any route: a POST without the session's token is a 403, wherever it goes.
      expect(res.status).to.equal(403);
      expect(res.text).to.contain('Uw sessie is verlopen of het formulier is ongeldig.');
    });
  });

  describe('security headers', () => {
    it('sends a strict content security policy without unsafe-inline for scripts', async () => {
      const res = await request(t.app).get('/').expect(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).to.match(/script-src 'self'/);
      expect(csp).to.match(/default-src 'self'/);
      expect(csp).to.match(/frame-ancestors 'none'/);
      expect(csp).not.to.contain('unsafe-inline');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers).not.to.have.property('x-powered-by');
    });

    it('loads nothing from another origin', async () => {
      for (const url of ['/', '/praktijken', '/praktijken/gbo-zoersel', '/over']) {
        const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
        // rel="alternate" (a results page's Atom feed) names another form of the page; nothing loads it.
        const assets = [...$('script[src]').map((_, e) => $(e).attr('src')).get(), ...$('link[href]:not([rel="alternate"])').map((_, e) => $(e).attr('href')).get(), ...$('img[src]').map((_, e) => $(e).attr('src')).get()];
        for (const a of assets) expect(a, `${url}: ${a}`).to.match(/^\/assets\//);
        for (const a of $('link[rel="alternate"]').map((_, e) => $(e).attr('href')).get()) expect(a, `${url}: ${a}`).to.match(/^\/(?!\/)/);
        // A JSON-LD data block (a practice page) is data, never run: the CSP's script-src does not apply to it.
        expect($('script:not([src]):not([type="application/ld+json"])'), `${url} has inline script`).to.have.length(0);
        expect($('[style]'), `${url} has inline style`).to.have.length(0);
      }
    });

    it('serves the stylesheet and the script it links to', async () => {
      await request(t.app).get('/assets/css/site.css').expect(200).expect('Content-Type', /css/);
      await request(t.app).get('/assets/js/site.js').expect(200).expect('Content-Type', /javascript/);
    });
  });
});

describe('one spelling of "thema’s" on the public pages', () => {
  const t = useTestApp();

  // The typographic apostrophe is the Dutch norm; "Thema's" with a straight one must not come back.
  it('writes thema’s with the typographic apostrophe everywhere, never thema\'s', async () => {
    const { statusPath } = await submitThroughForm(t);
    const agent = request.agent(t.app);
    const review = await post(agent, '/indienen', { ...validFields(), _csrf: await formToken(agent), step: 'review' }).expect(200);
    const pages: Record<string, string> = { 'the review step of the form': review.text };
    for (const url of ['/', '/praktijken', '/praktijken?q=zorg&theme=armoedebestrijding', '/praktijken?q=qqqzzz', '/praktijken/filters/theme', '/over', '/indienen', '/cijfers', '/cijfers?theme=armoedebestrijding', '/open-data', '/api', '/stand-van-de-praktijk', '/privacy', '/toegankelijkheid', '/contact', '/praktijken/herstelgerichte-projecten-2021-2025', '/praktijken/gbo-zoersel', statusPath]) {
      pages[url] = (await request(t.app).get(url).expect(200)).text;
    }
    pages['/api/v1/openapi.json'] = JSON.stringify((await request(t.app).get('/api/v1/openapi.json').expect(200)).body);
    for (const [page, html] of Object.entries(pages)) expect(html, page).not.to.match(/thema(?:'|&#39;|&#x27;)s/i);
    expect(pages['/indienen']).to.contain('Thema’s en doelgroepen');
    expect(pages['/praktijken/herstelgerichte-projecten-2021-2025']).to.contain('startpagina (thema’s en nieuws)');
  });
});

describe('GET /privacy with other session settings', () => {
  it('names the moderator session lifetimes this installation is configured with', async () => {
    const t = startTestApp({ SESSION_IDLE_MINUTES: '45', SESSION_MAX_HOURS: '4' });
    try {
      const text = cheerio.load((await request(t.app).get('/privacy').expect(200)).text)('main').text().replace(/\s+/g, ' ');
      expect(text).to.contain('45 minuten zonder activiteit en in elk geval 4 uur na het aanmelden');
    } finally {
      t.close();
    }
  });
});
