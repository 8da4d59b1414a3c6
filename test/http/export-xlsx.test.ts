// The XLSX export of a search, read back as a spreadsheet program reads it: Dutch headers, labels
// rather than codes, numbers and dates as real cells, the header row frozen.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { inflateRawSync } from 'node:zlib';
import readXlsxFile from 'read-excel-file/node';
import request from 'supertest';
import { SHEET_COLUMNS } from '../../src/http/presenters/xlsx-presenter.js';
import { insertPractice } from '../support/practices.js';
import { rawBody } from '../support/raw-body.js';
import { useTestApp } from '../support/test-app.js';

/** One entry of a ZIP archive, found through its central directory. */
function zipEntry(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`no ${name} in the archive`);
}

describe('GET /praktijken/export.xlsx', () => {
  const t = useTestApp();

  const xlsxOf = async (query: string) => {
    const res = await request(t.app).get(`/praktijken/export.xlsx${query}`).buffer(true).parse(rawBody).expect(200);
    const bytes = res.body as Buffer;
    const [sheet] = await readXlsxFile(bytes);
    if (!sheet) throw new Error('no sheet');
    const [header = [], ...rows] = sheet.data;
    const cell = (row: readonly unknown[], heading: string) => row[header.indexOf(heading)];
    return { res, bytes, sheet, header, rows, cell };
  };

  it('is a download named after the day, as an Excel workbook', async () => {
    const { res, bytes } = await xlsxOf('');
    expect(res.headers['content-type']).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="?praktijkbank-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
    expect(bytes.subarray(0, 2).toString('latin1')).to.equal('PK');
  });

  it('has Dutch headers and one row per practice the search finds, in the order of the results', async () => {
    const { header, rows, cell, sheet } = await xlsxOf('?theme=armoedebestrijding&sort=title');
    expect(sheet.sheet).to.equal('Praktijken');
    expect(header).to.deep.equal(SHEET_COLUMNS.map((c) => c.header));
    expect(header).to.include.members(['Titel', 'Thema’s', 'Gemeenten', 'Kosten (euro)', 'Stand van de praktijk', 'Gepubliceerd op']);
    const api = (await request(t.app).get('/api/v1/practices?theme=armoedebestrijding&sort=title&pageSize=100').expect(200)).body as { items: { title: string }[] };
    expect(rows.map((r) => cell(r, 'Titel'))).to.deep.equal(api.items.map((i) => i.title));
  });

  it('writes labels rather than codes, numbers as numbers and dates as dates', async () => {
    await insertPractice(
      t,
      {
        title: 'Spreadsheetpraktijk',
        themes: ['armoedebestrijding', 'informele-zorg'],
        municipalities: ['11002'],
        costs: { amountEur: '12.500,50', period: 'per-jaar' },
        funding: ['vlaamse-subsidie'],
        staffFte: '0,5',
        reach: { count: '120', unit: 'gezinnen', year: 2024 },
        evaluation: { kind: 'extern' },
        contactEmail: 'prive@testdorp.be',
        contactEmailPublic: false,
      },
      // 23:30 UTC on 31 May is 1 June in Brussels: the sheet says the Belgian day.
      { now: '2025-05-31T23:30:00.000Z', slug: 'spreadsheetpraktijk' },
    );
    const { rows, cell, bytes } = await xlsxOf('?q=Spreadsheetpraktijk');
    const row = rows.find((r) => cell(r, 'Slug') === 'spreadsheetpraktijk');
    if (!row) throw new Error('the practice is not in the sheet');
    expect(cell(row, 'Thema’s')).to.equal('Armoedebestrijding; Mantelzorg en informele zorg');
    expect(cell(row, 'Gemeenten')).to.equal('Antwerpen');
    expect(cell(row, 'Schaal')).to.equal('Lokaal');
    expect(cell(row, 'Kosten: eenmalig of per jaar')).to.equal('per jaar');
    expect(cell(row, 'Financiering')).to.equal('Vlaamse subsidie');
    expect(cell(row, 'Bereik: wat telt')).to.equal('gezinnen');
    expect(cell(row, 'Evaluatie')).to.equal('Externe evaluatie');
    expect(cell(row, 'Stand van de praktijk')).to.equal('Nog niet beoordeeld');
    expect(cell(row, 'Kosten (euro)')).to.equal(12500.5);
    expect(cell(row, 'Personeelsinzet (VTE)')).to.equal(0.5);
    expect(cell(row, 'Bereik (aantal)')).to.equal(120);
    const published = cell(row, 'Gepubliceerd op');
    expect(published).to.be.instanceOf(Date);
    expect((published as Date).toISOString().slice(0, 10)).to.equal('2025-06-01');
    expect(cell(row, 'E-mailadres (openbaar)')).to.equal(null);
    // The private address is nowhere in the workbook, not even in a cell the reader skips.
    expect(zipEntry(bytes, 'xl/sharedStrings.xml') + zipEntry(bytes, 'xl/worksheets/sheet1.xml')).not.to.contain('prive@testdorp.be');
  });

  it('freezes the header row and gives every column a width', async () => {
    const { bytes } = await xlsxOf('');
    const sheet = zipEntry(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).to.match(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(sheet.match(/<col /g)).to.have.length(SHEET_COLUMNS.length);
  });

  it('refuses a bad filter with a Dutch page, as the CSV does', async () => {
    const res = await request(t.app).get('/praktijken/export.xlsx?theme=onbestaand').expect(400);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.contain('Onbekend thema');
  });

  it('is linked from the results page with the search it shows', async () => {
    const res = await request(t.app).get('/praktijken?theme=armoedebestrijding').expect(200);
    const link = cheerio.load(res.text)('a[href^="/praktijken/export.xlsx"]');
    expect(link.attr('href')).to.equal('/praktijken/export.xlsx?theme=armoedebestrijding');
    expect(link.text()).to.contain('Excel');
  });
});
