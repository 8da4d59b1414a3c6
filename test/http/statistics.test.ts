// The statistics page and its table CSVs: every figure equals the facet count the search shows for
// the same parameters, in the chart, in the table and in the CSV.
import { parse } from 'csv-parse/sync';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { provincesOf } from '../../src/domain/practice.js';
import { FACET_TABLES, STATISTICS_TABLES, type StatisticsTable } from '../../src/domain/statistics.js';
import { useTestApp } from '../support/test-app.js';

type Figures = Record<string, number>;

interface ApiFacets {
  facets: Record<string, { value: string; label: string; count: number }[]>;
  total: number;
}

describe('the statistics', () => {
  const t = useTestApp();

  const apiFacets = async (query: string): Promise<ApiFacets> => (await request(t.app).get(`/api/v1/practices?${query}`).expect(200)).body as ApiFacets;
  const byValue = (api: ApiFacets, table: StatisticsTable): Figures => Object.fromEntries(api.facets[table]?.map((f) => [f.value, f.count]) ?? []);
  const byLabel = (api: ApiFacets, table: StatisticsTable): Figures => Object.fromEntries(api.facets[table]?.map((f) => [f.label, f.count]) ?? []);

  const page = async (query: string, status = 200) => {
    const res = await request(t.app).get(`/cijfers?${query}`).expect(status).expect('Content-Type', /html/);
    return cheerio.load(res.text);
  };
  /** The figures of one table as its cells show them, keyed by the row's value. */
  const tableFigures = ($: cheerio.CheerioAPI, table: StatisticsTable): Figures =>
    Object.fromEntries($(`#cijfers-${table} tbody tr`).map((_, tr) => [[$(tr).attr('data-value') ?? '', Number($(tr).find('td').first().text())]]).get() as [string, number][]);
  /** The figures of one chart as its bars carry them, keyed by the bar's label (without "(gekozen)"). */
  const chartFigures = ($: cheerio.CheerioAPI, table: StatisticsTable): Figures =>
    Object.fromEntries(
      $(`#cijfers-${table} svg g[data-count]`)
        .map((_, g) => [[($(g).attr('data-label') ?? '').replace(/ \(gekozen\)$/, ''), Number($(g).attr('data-count'))]])
        .get() as [string, number][],
    );
  /** What the count text beside each bar says, in the same order as the bars. */
  const chartTexts = ($: cheerio.CheerioAPI, table: StatisticsTable) =>
    $(`#cijfers-${table} svg g[data-count]`).map((_, g) => [[$(g).attr('data-count'), $(g).find('.bar-chart__count').text()]]).get() as [string, string][];

  const combinations = ['', 'province=west-vlaanderen', 'q=zorg&province=limburg&province=west-vlaanderen', 'theme=informele-zorg&targetGroup=mantelzorgers', 'startYear=2020&startYear=2021'];

  describe('GET /cijfers', () => {
    for (const query of combinations) {
      it(`shows chart and table figures equal to the API's facet counts for "${query || 'everything'}"`, async () => {
        const [$, api] = [await page(query), await apiFacets(query)];
        for (const table of FACET_TABLES) {
          expect(tableFigures($, table), `table ${table}`).to.deep.equal(byValue(api, table));
          expect(chartFigures($, table), `chart ${table}`).to.deep.equal(byLabel(api, table));
          for (const [count, text] of chartTexts($, table)) expect(text).to.equal(count);
        }
        expect($('.lead').text()).to.contain(String(api.total));
      });
    }

    it('gives each chart a role, a title and a description that names every figure', async () => {
      const $ = await page('province=limburg');
      const svg = $('#cijfers-province svg');
      expect(svg.attr('role')).to.equal('img');
      const [titleId, descId] = (svg.attr('aria-labelledby') ?? '').split(' ');
      expect(svg.find(`title#${titleId}`).text()).to.equal('Praktijken per provincie');
      expect(svg.find(`desc#${descId}`).text()).to.contain('Limburg (gekozen): 1');
      expect(svg.find(`desc#${descId}`).text()).to.contain('West-Vlaanderen: 2');
      expect($('#cijfers-province table caption').text()).to.contain('Praktijken per provincie');
      expect($('#cijfers-province th[scope=col]')).to.have.length(2);
      expect($('#cijfers-province tbody th[scope=row]').first().text()).to.contain('Antwerpen');
    });

    it('says what the figures are about and links back to the same search', async () => {
      const $ = await page('q=zorg&province=west-vlaanderen&sort=title');
      expect($('.lead').text()).to.equal('Deze cijfers gaan over 1 gepubliceerde praktijk met de zoekwoorden “zorg” en het filter provincie West-Vlaanderen.');
      expect($('a:contains("Bekijk deze praktijken in de resultatenlijst")').attr('href')).to.equal('/praktijken?q=zorg&province=west-vlaanderen&sort=title');
      expect($('.site-nav a[aria-current=page]').text()).to.equal('Cijfers');
      expect($('#cijfers-province .hint').text()).to.contain('Uw keuze van provincie telt in deze grafiek niet mee');
    });

    it('counts the practices without a start year apart', async () => {
      const $ = await page('');
      expect($('#cijfers-startYear .hint').text()).to.match(/^14 praktijken vermelden geen beginjaar/);
    });

    it('says how many practices for all of Flanders the province chart leaves out, counted as the chart counts', async () => {
      const flandersWide = (theme?: string) =>
        t.services.catalogue.all().filter((p) => provincesOf(p).length === 0 && (theme === undefined || (p.themes as string[]).includes(theme))).length;
      const note = ($: cheerio.CheerioAPI) => $('#cijfers-province .hint').text();
      expect(flandersWide()).to.be.greaterThan(1);
      expect(note(await page(''))).to.contain(`${flandersWide()} praktijken gelden voor heel Vlaanderen, niet voor een provincie of gemeente, en staan niet in deze grafiek.`);
      // A province filter leaves them out of the result, but not out of what the chart counts beside its bars.
      expect(note(await page('province=limburg'))).to.contain(`${flandersWide()} praktijken gelden voor heel Vlaanderen`);
      const theme = 'gezinsondersteuning';
      expect(flandersWide(theme)).to.be.greaterThan(0);
      expect(note(await page(`theme=${theme}`))).to.contain(`${flandersWide(theme) === 1 ? '1 praktijk geldt' : `${flandersWide(theme)} praktijken gelden`} voor heel Vlaanderen`);
    });

    it('turns a period from the form into the start years it covers', async () => {
      const [period, years] = [await page('startYearFrom=2020&startYearTo=2021'), await page('startYear=2020&startYear=2021')];
      for (const table of STATISTICS_TABLES) expect(tableFigures(period, table)).to.deep.equal(tableFigures(years, table));
      expect(period('.lead').text()).to.contain('beginjaar 2020 of 2021');
      expect(period('#stat-from option[selected]').attr('value')).to.equal('2020');
      expect(period('#stat-to option[selected]').attr('value')).to.equal('2021');
      expect(period('#cijfers-theme a[download]').attr('href')).to.equal('/cijfers/theme.csv?startYear=2020&startYear=2021');
    });

    it('keeps the filters its form does not show as hidden fields', async () => {
      const $ = await page('targetGroup=mantelzorgers&scale=regionaal');
      const hidden = $('.statistics-filters input[type=hidden]').map((_, e) => `${$(e).attr('name')}=${$(e).attr('value')}`).get();
      expect(hidden).to.have.members(['targetGroup=mantelzorgers', 'scale=regionaal']);
      expect($('.statistics-filters').text()).to.contain('Ook toegepast: doelgroep Mantelzorgers; schaal Regionaal');
    });

    const badInputs: [string, RegExp][] = [
      ['theme=bestaat-niet', /Onbekend thema "bestaat-niet"/],
      ['province=brussel', /Onbekende provincie "brussel"/],
      ['startYear=19', /Ongeldig beginjaar "19"/],
      ['startYearFrom=2021&startYearTo=2020', /ligt na "tot"/],
      ['startYearFrom=abcd', /Ongeldig jaartal "abcd" bij de periode/],
      ['startYearFrom=1990&startYearTo=2100', /hoogstens 50 jaar/],
    ];
    for (const [query, message] of badInputs) {
      it(`answers ${query} with 400 and the Dutch message, and the figures for the typed words`, async () => {
        const $ = await page(`${query}&q=zorg`, 400);
        expect($('.error-summary').text()).to.match(message);
        expect($('#stat-q').val()).to.equal('zorg');
        expect($('#cijfers-theme tbody tr').length).to.be.greaterThan(0);
      });
    }
  });

  describe('GET /cijfers/:table.csv', () => {
    for (const query of combinations.slice(0, 3)) {
      for (const table of FACET_TABLES) {
        it(`gives the ${table} table for "${query || 'everything'}" as RFC 4180 CSV with the same figures`, async () => {
          const res = await request(t.app).get(`/cijfers/${table}.csv?${query}`).buffer(true).parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
          }).expect(200);
          expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
          expect(res.headers['content-disposition']).to.equal(`attachment; filename=praktijkbank-cijfers-${table}.csv`);
          const text = res.body as string;
          expect(text.startsWith('\uFEFF'), 'UTF-8 byte order mark').to.equal(true);
          expect(text.slice(1).split('\r\n')[0]).to.equal(`${table},label,count`);
          expect(text.replace(/\r\n/g, '')).not.to.contain('\n');
          const records = parse<Record<string, string>>(text, { bom: true, columns: true });
          const figures = Object.fromEntries(records.map((r) => [r[table] ?? '', Number(r.count)]));
          const api = await apiFacets(query);
          expect(figures).to.deep.equal(byValue(api, table));
          expect(Object.fromEntries(records.map((r) => [r.label ?? '', Number(r.count)]))).to.deep.equal(byLabel(api, table));
        });
      }
    }

    it('answers an unknown table with 404', async () => {
      const res = await request(t.app).get('/cijfers/gemeente.csv').expect(404);
      expect(res.text).to.contain('Deze tabel bestaat niet');
    });

    it('answers a bad filter with 400 and the Dutch message', async () => {
      const res = await request(t.app).get('/cijfers/theme.csv?province=brussel').expect(400);
      expect(res.text).to.contain('Onbekende provincie &#34;brussel&#34;');
    });
  });
});
