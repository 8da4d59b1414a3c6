// What search says about the words it was given (issue 15): a word it searched as another word, and,
// when nothing was found, "Bedoelde u ...?" and the themes that come closest. The API carries the same.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { practiceListSchema } from '../../src/http/api-schemas.js';
import { useTestApp } from '../support/test-app.js';

describe('search hints: corrections and suggestions', () => {
  const t = useTestApp();
  const api = async (query: string) => {
    const res = await request(t.app).get(`/api/v1/practices${query}`).expect(200);
    return practiceListSchema.parse(res.body);
  };

  describe('GET /api/v1/practices', () => {
    it('says which query was searched when a word had a typo (two letters swapped)', async () => {
      const body = await api('?q=gezinscoahces');
      expect(body.items.map((p) => p.slug)).to.include('gezinscoaches-antwerpen');
      expect(body.correctedQuery).to.equal('gezinscoaches');
      expect(body.suggestions).to.deep.equal([]);
    });

    it('shows a correction found by its stem as a word of the catalogue, never as a stem', async () => {
      const body = await api('?q=ondhal');
      expect(body.items.map((p) => p.slug)).to.include('gbo-zoersel');
      expect(body.correctedQuery).to.equal('onthaal');
    });

    it('keeps the words that were right as typed in the corrected query', async () => {
      const body = await api('?q=Kwetsbare%20gezinscoahces');
      expect(body.correctedQuery).to.equal('Kwetsbare gezinscoaches');
    });

    it('corrects nothing for words the catalogue knows, for a prefix, or for a compound of known words', async () => {
      for (const q of ['onthaal', 'woonleef', 'zorgnetwerken', 'landbouwersonthaal']) expect((await api(`?q=${q}`)).correctedQuery, q).to.equal(null);
    });

    it('reads a word of the synonym list as its synonyms, never as a correction (eenzaamheid, vluchtelingen)', async () => {
      const lonely = await api('?q=eenzaamheid%20ouderen');
      expect(lonely.correctedQuery).to.equal(null);
      expect(lonely.items.map((p) => p.slug)).to.include('woonleefwijzer-woonzorgcentra');
      const refugees = await api('?q=vluchtelingen');
      expect(refugees.correctedQuery).to.equal(null);
      expect(refugees.items.map((p) => p.slug)).to.deep.equal(['elektronisch-sociaal-dossier-vib']);
    });

    it('reads a mistyped word of the synonym list as that word, and says so (mantelzrog)', async () => {
      const body = await api('?q=mantelzrog');
      expect(body.correctedQuery).to.equal('mantelzorg');
      expect(body.items.map((p) => p.slug)).to.include.members(['zorgnetwerken-west-vlaanderen', 'buurtgerichte-zorg-limburg']);
    });

    it('suggests the nearest words of the catalogue when nothing was found, with what that finds', async () => {
      const body = await api('?q=ontaahl');
      expect(body.total).to.equal(0);
      expect(body.suggestions).to.have.length(1);
      expect(body.suggestions[0]!.q).to.equal('onthaal');
      expect(body.suggestions[0]!.total).to.be.greaterThan(0);
    });

    it('suggests no other word for a Dutch word the catalogue lacks, only the closest themes', async () => {
      for (const q of ['huiselijk geweld', 'digitale kloof']) {
        const body = await api(`?q=${encodeURIComponent(q)}`);
        expect(body.total, q).to.equal(0);
        expect(body.suggestions, q).to.deep.equal([]);
      }
    });

    it('names the themes that come closest when filters leave nothing', async () => {
      const body = await api('?q=onthaal&province=limburg');
      expect(body.total).to.equal(0);
      expect(body.nearThemes.map((n) => n.value)).to.include('breed-onthaal');
    });

    it('has no hints for a search that found something, or for browsing', async () => {
      for (const q of ['?q=onthaal', '']) {
        const body = await api(q);
        expect(body.correctedQuery).to.equal(null);
        expect(body.suggestions).to.deep.equal([]);
        expect(body.nearThemes).to.deep.equal([]);
      }
    });

    it('survives any string a user can type', async () => {
      for (const q of ['%F0%9F%92%A5', '-', '*~^:', 'a'.repeat(500), '%E2%80%8B', 'de%20het%20een']) {
        const body = await api(`?q=${q}`);
        expect(body.suggestions).to.be.an('array');
      }
    });
  });

  describe('GET /praktijken', () => {
    const page = async (query: string) => cheerio.load((await request(t.app).get(`/praktijken${query}`).expect(200)).text);

    it('says which word was searched instead of the one typed', async () => {
      const $ = await page('?q=gezinscoahces');
      expect($('.search-correction').text()).to.match(/Resultaten voor\s+“gezinscoaches”\s+— zocht u toch “gezinscoahces”\?/);
      expect($('main').text()).to.include('CAW-gezinscoaches in Antwerpen');
    });

    it('offers "Bedoelde u …?" with a link that finds something, keeping the filters, when nothing was found', async () => {
      const $ = await page('?q=ontaahl');
      const link = $('.search-suggestion a');
      expect($('.search-suggestion').text()).to.match(/Bedoelde u\s+“onthaal” \(1 praktijk\)\?/);
      const found = cheerio.load((await request(t.app).get(link.attr('href')!).expect(200)).text);
      expect(found('main').text()).to.include('Geïntegreerd breed onthaal in Zoersel');
    });

    it('names the closest themes as links when the filters leave nothing', async () => {
      const $ = await page('?q=onthaal&province=limburg');
      const themes = $('.search-near-themes a');
      expect(themes.map((_, a) => $(a).attr('href')).get()).to.include('/praktijken?theme=breed-onthaal');
    });

    it('says nothing of corrections for a search whose words are known', async () => {
      const $ = await page('?q=onthaal');
      expect($('.search-correction, .search-suggestion, .search-near-themes')).to.have.length(0);
    });

    it('escapes what was typed', async () => {
      const $ = await page(`?q=${encodeURIComponent('<script>alert(1)</script>onthaaal')}`);
      expect($('script:contains("alert(1)")')).to.have.length(0);
    });
  });
});
