// Exports of a search as CSV and JSON: the whole filtered result, the same practices as the API, in
// the same order, safe to open in a spreadsheet.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { CSV_HEADER } from '../../src/http/presenters/export-presenter.js';
import { insertPractice } from '../support/practices.js';
import { rawBody } from '../support/raw-body.js';
import { useTestApp } from '../support/test-app.js';

interface ApiItem {
  slug: string;
  title: string;
  summary: string;
  sections: Record<string, string | null>;
  themes: string[];
  municipalities: { nisCode: string; name: string }[];
  period: { startYear: number | null; endYear: number | null; ongoing: boolean };
  source: { title: string; publisher: string | null; url: string | null; note: string | null };
  url: string;
}
type CsvRow = Record<string, string>;

describe('exports of a search', () => {
  const t = useTestApp();

  const csvOf = async (query: string) => {
    const res = await request(t.app).get(`/praktijken/export.csv${query}`).buffer(true).parse(rawBody).expect(200);
    const bytes = res.body as Buffer;
    return { res, bytes, text: bytes.toString('utf8'), rows: parse<CsvRow>(bytes, { bom: true, columns: true }) };
  };
  const jsonOf = async (query: string) => (await request(t.app).get(`/praktijken/export.json${query}`).expect(200).expect('Content-Type', /^application\/json; charset=utf-8/)).body as { total: number; items: ApiItem[]; query: Record<string, unknown>; generatedAt: string };
  const apiOf = async (query: string) => (await request(t.app).get(`/api/v1/practices${query}${query ? '&' : '?'}pageSize=100`).expect(200)).body as { total: number; items: ApiItem[] };

  const SEARCHES = ['', '?theme=armoedebestrijding', '?q=zorg', '?q=gezin&sort=title', '?targetGroup=kinderen&targetGroup=jongeren', '?province=antwerpen&sort=title', '?q=onthaal&lifeDomain=welzijn'];

  describe('GET /praktijken/export.csv', () => {
    it('holds the same practices as the API for the same search, in the same order', async () => {
      for (const search of SEARCHES) {
        const [{ rows }, api] = await Promise.all([csvOf(search), apiOf(search)]);
        expect(rows.map((r) => r.slug), search).to.deep.equal(api.items.map((i) => i.slug));
        expect(rows.length, search).to.equal(api.total);
      }
    });

    it('fills every column from the practice, multi-valued fields joined with " | "', async () => {
      const [{ rows }, api] = await Promise.all([csvOf(''), apiOf('')]);
      rows.forEach((row, i) => {
        const item = api.items[i]!;
        expect(Object.keys(row)).to.deep.equal([...CSV_HEADER]);
        expect(row.title).to.equal(item.title);
        // Sections hold newlines and quotes: they come back whole.
        expect(row['sections.aanleiding']).to.equal(item.sections.aanleiding ?? '');
        expect(row.themes).to.equal(item.themes.join(' | '));
        expect(row['municipalities.nisCode']).to.equal(item.municipalities.map((m) => m.nisCode).join(' | '));
        expect(row['municipalities.name']).to.equal(item.municipalities.map((m) => m.name).join(' | '));
        expect(row['period.startYear']).to.equal(item.period.startYear === null ? '' : String(item.period.startYear));
        expect(row['period.ongoing']).to.equal(String(item.period.ongoing));
        expect(row['source.title']).to.equal(item.source.title);
        expect(row.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/praktijken\//).and.satisfy((u: string) => u.endsWith(item.url));
      });
    });

    it('is UTF-8 with a BOM, so a spreadsheet keeps the accents', async () => {
      const { bytes, rows } = await csvOf('?municipality=11055');
      expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      expect(rows.map((r) => r.title)).to.include('Geïntegreerd breed onthaal in Zoersel');
    });

    it('follows RFC 4180: CRLF between records, quotes around cells with commas, quotes or line breaks', async () => {
      const { text } = await csvOf('');
      expect(text.slice(1, text.indexOf('\r\n'))).to.equal(CSV_HEADER.join(','));
      expect(text.endsWith('\r\n')).to.equal(true);
      // Every line break outside quotes is CRLF: strip the quoted cells and no bare LF is left.
      expect(text.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/g)).to.equal(null);
    });

    it('is a download named after the day, as text/csv', async () => {
      const { res } = await csvOf('');
      expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).to.match(/^attachment; filename="?praktijkbank-\d{4}-\d{2}-\d{2}\.csv"?$/);
    });

    it('holds the whole result, ignoring page and pageSize', async () => {
      const all = await apiOf('');
      const { rows } = await csvOf('?page=2&pageSize=3');
      expect(rows.map((r) => r.slug)).to.deep.equal(all.items.map((i) => i.slug));
    });

    it('is only the header row for a search that finds nothing', async () => {
      const { text, rows } = await csvOf('?q=xyzzyonbestaand');
      expect(rows).to.deep.equal([]);
      expect(text).to.equal(`\uFEFF${CSV_HEADER.join(',')}\r\n`);
    });

    it('carries the fields of issue 12 as columns after the earlier ones, codes as in the API, lists joined', async () => {
      const slug = await insertPractice(t, {
        title: 'Kolommenpraktijk',
        workingElements: 'Vaste coach.',
        costs: { amountEur: '12.500,50', period: 'per-jaar', note: 'Loon.' },
        funding: ['eigen-middelen', 'vlaamse-subsidie'],
        staffFte: '0,5',
        reach: { count: '120', unit: 'gezinnen', year: 2024 },
        evaluation: { kind: 'intern', summary: 'Goed.' },
        contactName: 'An Peeters',
        contactRole: 'Coördinator',
        source: { title: 'Testbron', date: '2018-02-23' },
      });
      const { rows } = await csvOf('');
      // The columns that were there before keep their places, so a program reading by position still works.
      expect(CSV_HEADER.indexOf('updatedAt')).to.equal(27);
      expect(rows.find((r) => r.slug === slug)).to.deep.include({
        workingElements: 'Vaste coach.',
        'costs.amountEur': '12500.5',
        'costs.period': 'per-jaar',
        'costs.note': 'Loon.',
        funding: 'eigen-middelen | vlaamse-subsidie',
        staffFte: '0.5',
        'reach.count': '120',
        'reach.unit': 'gezinnen',
        'reach.year': '2024',
        'evaluation.kind': 'intern',
        'evaluation.summary': 'Goed.',
        'evaluation.url': '',
        'contact.name': 'An Peeters',
        'contact.role': 'Coördinator',
        'source.date': '2018-02-23',
        'evidenceLevel.level': '',
        'completeness.score': '56',
        'completeness.missing': 'aanpak | resultaten | overname | materiaal',
      });
    });

    it('answers a bad filter with a 400 that names it, in Dutch', async () => {
      const res = await request(t.app).get('/praktijken/export.csv?theme=onbestaand').expect(400);
      expect(res.headers['content-disposition']).to.equal(undefined);
      expect(res.text).to.include('Onbekend thema &#34;onbestaand&#34;.');
      await request(t.app).get('/praktijken/export.csv?sort=oldest').expect(400);
      await request(t.app).get('/praktijken/export.csv?page=1&page=2').expect(400);
    });
  });

  describe('GET /praktijken/export.json', () => {
    it('holds the same practices as the API, in its item shape, with the search it answers', async () => {
      for (const search of SEARCHES) {
        const [exported, api] = await Promise.all([jsonOf(search), apiOf(search)]);
        expect(exported.items, search).to.deep.equal(api.items);
        expect(exported.total, search).to.equal(api.total);
      }
      const body = await jsonOf('?theme=armoedebestrijding&q=zorg&page=3');
      expect(body.query).to.deep.include({ q: 'zorg', sort: 'relevance', theme: ['armoedebestrijding'], province: [] });
      expect(Date.parse(body.generatedAt)).to.be.closeTo(Date.now(), 60_000);
    });

    it('holds the whole result, ignoring page and pageSize', async () => {
      const body = await jsonOf('?pageSize=2&page=5');
      expect(body.items.map((i) => i.slug)).to.deep.equal((await apiOf('')).items.map((i) => i.slug));
    });

    it('is a download, and an empty result is an empty list', async () => {
      const res = await request(t.app).get('/praktijken/export.json?q=xyzzyonbestaand').expect(200);
      expect(res.headers['content-disposition']).to.match(/^attachment; filename="?praktijkbank-\d{4}-\d{2}-\d{2}\.json"?$/);
      expect(res.body.total).to.equal(0);
      expect(res.body.items).to.deep.equal([]);
    });

    it('answers a bad filter with the API’s structured 400', async () => {
      const res = await request(t.app).get('/praktijken/export.json?theme=onbestaand&municipality=Gent').expect(400).expect('Content-Type', /json/);
      expect(res.body.error.code).to.equal('bad_request');
      expect(res.body.error.details.map((d: { parameter: string }) => d.parameter)).to.have.members(['theme', 'municipality']);
    });
  });

  describe('what an export never shows', () => {
    it('neutralises a title a spreadsheet would run as a formula, and keeps it as it is in JSON', async () => {
      const formula = '=HYPERLINK("http://evil.example","klik")';
      const slug = await insertPractice(t, { title: formula, summary: '@SUM(1) is geen samenvatting', partners: ['+31 partner', '-2+3'] });
      const { rows } = await csvOf('');
      const row = rows.find((r) => r.slug === slug);
      expect(row?.title).to.equal(`'${formula}`);
      expect(row?.summary).to.equal("'@SUM(1) is geen samenvatting");
      expect(row?.partners).to.equal("'+31 partner | -2+3");
      for (const r of rows) for (const value of Object.values(r)) expect(value, `${r.slug}: ${value}`).not.to.match(/^[=+\-@\t\r]/);
      const item = (await jsonOf('')).items.find((i) => i.slug === slug);
      expect(item?.title).to.equal(formula);
    });

    it('never holds a practice that is not published', async () => {
      const slug = await insertPractice(t, { title: 'Wachtende praktijk over zorg' }, { status: 'pending' });
      const { rows, text } = await csvOf('?q=zorg');
      expect(rows.map((r) => r.slug)).not.to.include(slug);
      expect(text).not.to.include('Wachtende praktijk');
      expect((await jsonOf('')).items.map((i) => i.slug)).not.to.include(slug);
    });

    it('never holds a private contact e-mail, but does hold one the submitter made public', async () => {
      await insertPractice(t, { title: 'Praktijk met privé-adres', contactEmail: 'geheim@gemeente.test', contactEmailPublic: false });
      await insertPractice(t, { title: 'Praktijk met openbaar adres', contactEmail: 'welzijn@gemeente.test', contactEmailPublic: true });
      const { text, rows } = await csvOf('');
      const json = JSON.stringify(await jsonOf(''));
      expect(text).not.to.include('geheim@gemeente.test');
      expect(json).not.to.include('geheim@gemeente.test');
      expect(rows.find((r) => r.title === 'Praktijk met openbaar adres')?.contactEmail).to.equal('welzijn@gemeente.test');
    });
  });

  describe('the results page', () => {
    it('offers the current search as CSV, JSON and Atom feed, without page or pageSize', async () => {
      const res = await request(t.app).get('/praktijken?q=zorg&theme=informele-zorg&sort=title&page=1&pageSize=5').expect(200);
      const $ = cheerio.load(res.text);
      const tools = $('.result-tools');
      expect(tools.text()).to.match(/Download deze resultaten/);
      expect(tools.find('a:contains("CSV")').attr('href')).to.equal('/praktijken/export.csv?q=zorg&theme=informele-zorg&sort=title');
      expect(tools.find('a:contains("JSON")').first().attr('href')).to.equal('/praktijken/export.json?q=zorg&theme=informele-zorg&sort=title');
      expect(tools.find('a:contains("Volg deze zoekopdracht (Atom-feed)")').attr('href')).to.equal('/praktijken/feed?q=zorg&theme=informele-zorg');
      expect($('head link[rel="alternate"][type="application/atom+xml"]').attr('href')).to.equal('/praktijken/feed?q=zorg&theme=informele-zorg');
    });

    it('links to downloads that answer', async () => {
      const $ = cheerio.load((await request(t.app).get('/praktijken?province=limburg').expect(200)).text);
      for (const href of $('.result-tools a').map((_, a) => $(a).attr('href')).get()) await request(t.app).get(href).expect(200);
    });

    it('escapes what a user typed in those links', async () => {
      const res = await request(t.app).get('/praktijken').query({ q: '"><script>alert(1)</script>' }).expect(200);
      expect(res.text).not.to.include('<script>alert(1)');
      expect(cheerio.load(res.text)('head link[rel="alternate"]').attr('href')).to.equal('/praktijken/feed?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E');
    });

    it('has no feed link in the head of other pages', async () => {
      const res = await request(t.app).get('/over').expect(200);
      expect(cheerio.load(res.text)('link[rel="alternate"]')).to.have.length(0);
    });
  });
});
