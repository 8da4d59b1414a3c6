// Issue 15, points 7 and 10: the results page's filters at scale. Each facet shows its most frequent
// values (and every chosen one) with "toon alle (n)"; the municipalities have a page of their own,
// grouped by province; the heading says what is shown; an empty result offers next steps, not an
// empty filter box, a CSV or a feed of nothing.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import { practiceInput } from '../support/practices.js';
import { useTestApp } from '../support/test-app.js';

const WORD = 'wielewaal';
// A target group no seed practice has: the practices of this suite, and only those.
const BASE_GROUP = 'werkzoekenden';
const BASE = `targetGroup=${BASE_GROUP}`;

describe('the results page’s filters at scale', () => {
  const t = useTestApp();
  // Every fifth municipality (57), one practice each, and a second practice in the first three: those lead the list.
  const places = MUNICIPALITIES.filter((_, i) => i % 5 === 0);
  const last = places[places.length - 1]!;

  before(async () => {
    places.forEach((m, i) =>
      t.services.practices.insert({
        slug: `wielewaal-${i}`,
        status: 'published',
        input: practiceInput({ title: `Wielewaal in ${m.name}`, summary: `Een ${WORD} in ${m.name}.`, municipalities: [m.nisCode], targetGroups: [BASE_GROUP], startYear: 2000 + (i % 20) }),
      }),
    );
    places.slice(0, 3).forEach((m, i) =>
      t.services.practices.insert({ slug: `wielewaal-extra-${i}`, status: 'published', input: practiceInput({ title: `Tweede wielewaal in ${m.name}`, summary: `Een ${WORD}.`, municipalities: [m.nisCode], targetGroups: [BASE_GROUP] }) }),
    );
    await t.services.catalogue.refreshInBackground();
  });

  const page = async (url: string, status = 200) => cheerio.load((await request(t.app).get(url).expect(status)).text);
  const text = ($: cheerio.CheerioAPI, selector: string) => $(selector).text().replace(/\s+/g, ' ').trim();
  const fieldset = ($: cheerio.CheerioAPI, key: string) => $(`fieldset.facet[data-facet=${key}]`);

  describe('GET /praktijken', () => {
    it('shows the eight most frequent municipalities and links to all of them', async () => {
      const $ = await page(`/praktijken?${BASE}`);
      const municipalities = fieldset($, 'municipality');
      const shown = municipalities.find('input[name=municipality]').map((_, i) => $(i).val()).get();
      expect(shown).to.have.length(8);
      expect(shown.slice(0, 3)).to.have.members(places.slice(0, 3).map((m) => m.nisCode));
      const all = municipalities.find('.facet__all a');
      expect(all.text()).to.equal(`Toon alle gemeenten (${places.length})`);
      expect(all.attr('href')).to.equal(`/praktijken/filters/municipality?${BASE}`);
      expect(municipalities.find('.facet__combobox').attr('data-source')).to.equal(`/praktijken/filters/municipality?${BASE}`);
    });

    it('always shows a chosen municipality, even one outside the eight', async () => {
      const $ = await page(`/praktijken?${BASE}&municipality=${last.nisCode}&municipality=${places[0]!.nisCode}`);
      const municipalities = fieldset($, 'municipality');
      expect(municipalities.find(`#f-municipality-${last.nisCode}`).attr('checked')).to.equal('checked');
      expect(municipalities.find('input[name=municipality]')).to.have.length(9);
    });

    it('keeps the rest of a middle-sized facet in the page behind "Toon alle (n)"', async () => {
      const $ = await page(`/praktijken?${BASE}`);
      const years = fieldset($, 'startYear');
      expect(years.find('> .facet__values input')).to.have.length(8);
      expect(text($, 'fieldset.facet[data-facet=startYear] .facet__more-closed')).to.equal('Toon alle (20)');
      expect(years.find('.facet__more input')).to.have.length(12);
    });

    it('shows a short facet whole, without "toon alle"', async () => {
      const $ = await page(`/praktijken?${BASE}`);
      expect(fieldset($, 'scale').find('.facet__more, .facet__all')).to.have.length(0);
    });

    it('says in its heading what is shown: the number, the words and every filter', async () => {
      const heading = async (query: string) => text(await page(`/praktijken?${query}`), '#results-title');
      expect(await heading(`${BASE}&municipality=${last.nisCode}`)).to.equal(`1 praktijk voor werkzoekenden in ${last.name}`);
      expect(await heading(`${BASE}&theme=netwerken&municipality=${places[0]!.nisCode}`)).to.equal(`2 praktijken over samenwerking en netwerken voor werkzoekenden in ${places[0]!.name}`);
      expect(await heading(`q=${WORD}&theme=netwerken&municipality=${last.nisCode}`)).to.equal(`1 praktijk over “${WORD}” met als thema samenwerking en netwerken in ${last.name}`);
      expect(await heading('theme=buurtgerichte-zorg&province=limburg')).to.equal('1 praktijk over buurtgerichte zorg in Limburg');
      expect(await heading(`q=${WORD}&targetGroup=ouderen&scale=lokaal&hasContact=true`)).to.equal(`Geen praktijken gevonden over “${WORD}” voor ouderen, schaal Lokaal, met contactpersoon`);
    });

    it('shows the chosen filters as chips, each a link without that one filter', async () => {
      const $ = await page(`/praktijken?q=${WORD}&municipality=${last.nisCode}&scale=lokaal`);
      const chips = $('.active-filters a.chip');
      expect(chips.map((_, a) => $(a).text().replace(/\s+/g, ' ').trim()).get()).to.deep.equal([`Verwijder filter Gemeente: ${last.name} ×`, 'Verwijder filter Schaal: Lokaal ×']);
      expect(chips.first().attr('href')).to.equal(`/praktijken?q=${WORD}&scale=lokaal`);
      expect($('.active-filters__clear a').attr('href')).to.equal(`/praktijken?q=${WORD}`);
    });
  });

  describe('GET /praktijken/filters/:facet', () => {
    it('lists every municipality of the result, grouped by province, with the search kept in hidden fields', async () => {
      const $ = await page(`/praktijken/filters/municipality?${BASE}&scale=lokaal&sort=title&municipality=${last.nisCode}`);
      expect(text($, 'h1')).to.equal('Alle gemeenten');
      const groups = $('fieldset.facet-list__group');
      expect(groups.map((_, g) => $(g).attr('data-group')).get()).to.deep.equal(['Antwerpen', 'Limburg', 'Oost-Vlaanderen', 'Vlaams-Brabant', 'West-Vlaanderen']);
      expect($('input[name=municipality]')).to.have.length(places.length);
      expect($(`#f-municipality-${last.nisCode}`).attr('checked')).to.equal('checked');
      const hidden = $('form.facet-list input[type=hidden]').map((_, i) => `${$(i).attr('name')}=${String($(i).val())}`).get();
      expect(hidden).to.have.members([BASE, 'scale=lokaal', 'sort=title']);
      expect($('form.facet-list').attr('action')).to.equal('/praktijken');
      expect($('a').filter((_, a) => $(a).text() === 'Terug naar de resultaten').attr('href')).to.equal(`/praktijken?${BASE}&municipality=${last.nisCode}&scale=lokaal&sort=title`);
    });

    it('lists any facet whole', async () => {
      const $ = await page(`/praktijken/filters/startYear?${BASE}`);
      expect($('input[name=startYear]')).to.have.length(20);
    });

    it('answers a bad filter with 400 and the Dutch message', async () => {
      const res = await request(t.app).get('/praktijken/filters/municipality?theme=onbekend').expect(400);
      expect(res.text).to.contain('Onbekend thema');
    });

    it('is not found for what is no facet', async () => {
      await request(t.app).get('/praktijken/filters/onbestaand').expect(404);
    });
  });

  describe('an empty result', () => {
    it('shows no filter box, no exports, statistics or feed, and next steps', async () => {
      const res = await request(t.app).get('/praktijken?q=xqzwvk').expect(200);
      const $ = cheerio.load(res.text);
      expect($('aside.facets')).to.have.length(0);
      expect($('.result-tools, .sort')).to.have.length(0);
      expect($('link[rel=alternate][type="application/atom+xml"]')).to.have.length(0);
      expect(text($, '.empty')).to.contain('Gebruik minder of andere woorden').and.contain('Bekijk alle praktijken');
    });

    it('offers to remove a filter or to search without filters, and keeps the facets that would still find something', async () => {
      const $ = await page(`/praktijken?q=${WORD}&municipality=${last.nisCode}&scale=vlaams`);
      expect(text($, '#results-title')).to.equal(`Geen praktijken gevonden over “${WORD}” in ${last.name}, schaal Vlaams`);
      expect($('.active-filters a.chip')).to.have.length(2);
      expect($('.empty a').filter((_, a) => $(a).text() === `zoek “${WORD}” zonder filters`).attr('href')).to.equal(`/praktijken?q=${WORD}`);
      // The scale facet still counts Lokaal (its own filter ignored); the municipality facet too.
      expect(fieldset($, 'scale').find('#f-scale-lokaal')).to.have.length(1);
      expect(fieldset($, 'theme')).to.have.length(0);
      // No practice of scale Vlaams in any municipality: that facet is left out, and its chosen
      // value travels with the form as a hidden field, so applying another filter keeps it.
      expect(fieldset($, 'municipality')).to.have.length(0);
      expect($('.facets__form input[type=hidden][name=municipality]').val()).to.equal(last.nisCode);
    });
  });
});
