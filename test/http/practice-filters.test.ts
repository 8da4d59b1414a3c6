// The filters of issue 12 on a real catalogue: the evidence level (or none yet), "met contactpersoon" and
// "met materiaal", on the results page, in the API, in exports and on /cijfers; and search over the new text.
// Every practice here carries the word "kwartelkoning", so the seed catalogue around them does not count.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import type { PracticeInputDraft } from '../../src/domain/practice.js';
import { practiceInput } from '../support/practices.js';
import { useTestApp } from '../support/test-app.js';

const WORD = 'kwartelkoning';
const HASH = 'b'.repeat(64);

interface ApiList {
  total: number;
  items: { slug: string }[];
  facets: Record<string, { value: string; label: string; count: number }[]>;
}

describe('the filters evidenceLevel, hasContact and hasMaterials', () => {
  const t = useTestApp();
  const material = { fileHash: HASH, fileName: 'draaiboek.pdf', mediaType: 'application/pdf', bytes: 2048, title: 'Draaiboek buurtbezoek' } as const;

  before(async () => {
    t.services.db.prepare('INSERT INTO material_files (hash, media_type, bytes, stored_at) VALUES (?, ?, ?, ?)').run(HASH, 'application/pdf', 2048, '2024-01-01T00:00:00.000Z');
    const insert = (slug: string, overrides: Partial<PracticeInputDraft>, status: 'published' | 'pending' = 'published') =>
      t.services.practices.insert({ slug, status, input: practiceInput({ title: `Praktijk ${slug}`, summary: `Een ${WORD} in de buurt.`, ...overrides }) });
    const judged = insert('geevalueerd-met-alles', { contactName: 'An Peeters', materials: [material] });
    const copied = insert('overgenomen-met-adres', { contactEmail: 'info@example.org' });
    insert('niet-beoordeeld-met-materiaal', { contactOrganisation: 'OCMW Voorbeeld', materials: [material] });
    insert('niet-beoordeeld-zonder-iets', {});
    insert('in-behandeling-met-alles', { contactName: 'Piet Pending', materials: [material] }, 'pending');
    insert('werkzaam-element', { summary: 'Een praktijk zonder het zoekwoord.', workingElements: 'Een vaste zwaluwstaartverbinding tussen buurt en dienst.' });
    const decidedAt = '2024-03-01T10:00:00.000Z';
    t.services.practices.setEvidence(judged, { level: 'geevalueerd', justification: 'Extern geëvalueerd door een hogeschool.', decidedAt }, undefined);
    t.services.practices.setEvidence(copied, { level: 'overgenomen', justification: 'Door twee gemeenten overgenomen.', decidedAt }, undefined);
    await t.services.catalogue.refreshInBackground();
  });

  const api = async (query: string): Promise<ApiList> => (await request(t.app).get(`/api/v1/practices?q=${WORD}&pageSize=100&${query}`).expect(200)).body as ApiList;
  const slugs = async (query: string) => (await api(query)).items.map((i) => i.slug).sort();
  const counts = (list: ApiList, facet: string) => Object.fromEntries((list.facets[facet] ?? []).map((v) => [v.value, v.count]));

  describe('GET /api/v1/practices', () => {
    it('narrows to one evidence level', async () => {
      expect(await slugs('evidenceLevel=geevalueerd')).to.deep.equal(['geevalueerd-met-alles']);
    });

    it('takes repeated evidence levels as OR', async () => {
      expect(await slugs('evidenceLevel=geevalueerd&evidenceLevel=overgenomen')).to.deep.equal(['geevalueerd-met-alles', 'overgenomen-met-adres']);
    });

    it('finds the practices not judged yet with nog-niet-beoordeeld', async () => {
      expect(await slugs('evidenceLevel=nog-niet-beoordeeld')).to.deep.equal(['niet-beoordeeld-met-materiaal', 'niet-beoordeeld-zonder-iets']);
    });

    it('keeps with hasContact=true the practices with a contact name or e-mail, not those with only an organisation', async () => {
      expect(await slugs('hasContact=true')).to.deep.equal(['geevalueerd-met-alles', 'overgenomen-met-adres']);
    });

    it('keeps with hasMaterials=true the practices with material', async () => {
      expect(await slugs('hasMaterials=true')).to.deep.equal(['geevalueerd-met-alles', 'niet-beoordeeld-met-materiaal']);
    });

    it('combines the filters as AND', async () => {
      expect(await slugs('hasContact=true&hasMaterials=true')).to.deep.equal(['geevalueerd-met-alles']);
      expect(await slugs('hasMaterials=true&evidenceLevel=nog-niet-beoordeeld')).to.deep.equal(['niet-beoordeeld-met-materiaal']);
    });

    it('counts every evidence level, the practices with a contact and with material', async () => {
      const list = await api('');
      expect(list.total).to.equal(4);
      expect(list.facets.evidenceLevel).to.deep.equal([
        { value: 'geevalueerd', label: 'Geëvalueerd', count: 1 },
        { value: 'overgenomen', label: 'Overgenomen', count: 1 },
        { value: 'nog-niet-beoordeeld', label: 'Nog niet beoordeeld', count: 2 },
      ]);
      expect(list.facets.hasContact).to.deep.equal([{ value: 'true', label: 'Met contactpersoon', count: 2 }]);
      expect(list.facets.hasMaterials).to.deep.equal([{ value: 'true', label: 'Met materiaal', count: 2 }]);
    });

    it('counts a filter’s own values without it, and the others within it', async () => {
      const list = await api('hasContact=true');
      expect(counts(list, 'hasContact')).to.deep.equal({ true: 2 });
      expect(counts(list, 'hasMaterials')).to.deep.equal({ true: 1 });
      expect(counts(list, 'evidenceLevel')).to.deep.equal({ geevalueerd: 1, overgenomen: 1 });
    });

    it('does not count or find a pending practice', async () => {
      expect(await slugs('evidenceLevel=nog-niet-beoordeeld&hasMaterials=true')).not.to.include('in-behandeling-met-alles');
    });

    for (const [query, parameter, message] of [
      ['evidenceLevel=geen', 'evidenceLevel', 'Onbekende stand van de praktijk "geen"'],
      ['hasContact=false', 'hasContact', 'gebruik hasContact=true, of laat de parameter weg'],
      ['hasMaterials=ja', 'hasMaterials', 'gebruik hasMaterials=true, of laat de parameter weg'],
    ] as const) {
      it(`answers ${query} with a structured 400 naming ${parameter}`, async () => {
        const res = await request(t.app).get(`/api/v1/practices?${query}`).expect(400).expect('Content-Type', /json/);
        const { error } = res.body as { error: { code: string; details: { parameter: string; message: string }[] } };
        expect(error.code).to.equal('bad_request');
        expect(error.details).to.have.length(1);
        expect(error.details[0]?.parameter).to.equal(parameter);
        expect(error.details[0]?.message).to.contain(message);
      });
    }
  });

  describe('search over the new text', () => {
    it('finds a practice by a word only its working elements hold', async () => {
      const res = await request(t.app).get('/api/v1/practices?q=zwaluwstaartverbinding').expect(200);
      expect((res.body as ApiList).items.map((i) => i.slug)).to.deep.equal(['werkzaam-element']);
    });

    it('finds a practice by the title of its material', async () => {
      expect((await request(t.app).get('/api/v1/practices?q=draaiboek%20buurtbezoek').expect(200)).body.items.map((i: { slug: string }) => i.slug)).to.include.members([
        'geevalueerd-met-alles',
        'niet-beoordeeld-met-materiaal',
      ]);
    });

    it('does not find a practice by its contact person’s name', async () => {
      const res = await request(t.app).get('/api/v1/practices?q=Peeters').expect(200);
      expect((res.body as ApiList).items.map((i) => i.slug)).not.to.include('geevalueerd-met-alles');
    });
  });

  describe('GET /praktijken', () => {
    const page = async (query: string, status = 200) => cheerio.load((await request(t.app).get(`/praktijken?q=${WORD}&${query}`).expect(status)).text);

    it('offers "met contactpersoon" and "met materiaal" as checkboxes with counts, in one fieldset', async () => {
      const $ = await page('');
      const fieldset = $('fieldset.facet').filter((_, f) => $(f).find('legend').text() === 'Om over te nemen');
      expect(fieldset).to.have.length(1);
      expect(fieldset.find('input[name=hasContact][value=true]')).to.have.length(1);
      expect(fieldset.find('label[for=f-hasContact-true]').text().replace(/\s+/g, ' ').trim()).to.equal('Met contactpersoon (2)');
      expect(fieldset.find('label[for=f-hasMaterials-true]').text().replace(/\s+/g, ' ').trim()).to.equal('Met materiaal (2)');
    });

    it('offers the evidence levels with counts', async () => {
      const $ = await page('');
      const fieldset = $('fieldset.facet').filter((_, f) => $(f).find('legend').text() === 'Stand van de praktijk');
      expect(fieldset.find('label').map((_, l) => $(l).text().replace(/\s+/g, ' ').trim()).get()).to.deep.equal([
        'Geëvalueerd (1)',
        'Overgenomen (1)',
        'Nog niet beoordeeld (2)',
      ]);
    });

    it('narrows the list, ticks the box and shows a chip that removes the filter', async () => {
      const $ = await page('hasContact=true');
      expect($('.results__count').text()).to.contain('2 praktijken');
      expect($('#f-hasContact-true').attr('checked')).to.equal('checked');
      const chip = $('.active-filters a.chip').filter((_, a) => $(a).text().includes('Met contactpersoon'));
      expect(chip.text().replace(/\s+/g, ' ')).to.contain('Verwijder filter Met contactpersoon');
      expect(chip.attr('href')).to.equal(`/praktijken?q=${WORD}`);
    });

    it('answers a bad flag value with 400 and the Dutch message, keeping the typed words', async () => {
      const $ = await page('hasMaterials=ja', 400);
      expect($('.error-summary').text()).to.contain('Ongeldige waarde "ja" voor hasMaterials');
      expect($('input[name=q]').first().val()).to.equal(WORD);
    });
  });

  describe('exports', () => {
    it('hold exactly the filtered practices', async () => {
      const res = await request(t.app).get(`/praktijken/export.json?q=${WORD}&hasMaterials=true&evidenceLevel=nog-niet-beoordeeld`).expect(200);
      const body = res.body as { total: number; items: { slug: string }[] };
      expect(body.items.map((i) => i.slug)).to.deep.equal(['niet-beoordeeld-met-materiaal']);
    });
  });

  describe('GET /cijfers', () => {
    const figures = ($: cheerio.CheerioAPI, id: string) =>
      $(`#${id} tbody tr`)
        .map((_, tr) => [[$(tr).attr('data-value'), $(tr).find('td').map((_, td) => $(td).text().trim()).get().join(' | ')]])
        .get() as [string, string][];

    it('shows a table per evidence level, with its CSV', async () => {
      const $ = cheerio.load((await request(t.app).get(`/cijfers?q=${WORD}`).expect(200)).text);
      expect($('#cijfers-evidenceLevel h2').text()).to.equal('Praktijken per stand van de praktijk');
      expect(figures($, 'cijfers-evidenceLevel')).to.deep.equal([
        ['geevalueerd', '1'],
        ['overgenomen', '1'],
        ['nog-niet-beoordeeld', '2'],
      ]);
      expect($('#cijfers-evidenceLevel a[download]').attr('href')).to.equal(`/cijfers/evidenceLevel.csv?q=${WORD}`);
    });

    it('shows how many practices have a contact person and material, and which share', async () => {
      const $ = cheerio.load((await request(t.app).get(`/cijfers?q=${WORD}&evidenceLevel=nog-niet-beoordeeld`).expect(200)).text);
      expect(figures($, 'cijfers-copyable')).to.deep.equal([
        ['hasContact', '0 | 0 %'],
        ['hasMaterials', '1 | 50 %'],
      ]);
      expect($('.lead').text()).to.contain('het filter stand van de praktijk Nog niet beoordeeld');
    });

    it('gives the copyable table as CSV with the share', async () => {
      const res = await request(t.app).get(`/cijfers/copyable.csv?q=${WORD}`).expect(200);
      const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines).to.deep.equal(['copyable,label,count,sharePercent', 'hasContact,Met contactpersoon,2,50', 'hasMaterials,Met materiaal,2,50']);
    });

    it('names a flag filter in words in its sentence', async () => {
      const $ = cheerio.load((await request(t.app).get(`/cijfers?q=${WORD}&hasContact=true`).expect(200)).text);
      expect($('.lead').text()).to.equal(`Deze cijfers gaan over de 2 gepubliceerde praktijken met de zoekwoorden “${WORD}” en het filter met contactpersoon.`);
    });
  });
});
