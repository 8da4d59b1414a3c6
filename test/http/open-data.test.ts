// Open data: schema.org JSON-LD on a practice page, the citation, the DCAT-AP Vlaanderen description
// of the catalogue, the sitemap and robots.txt.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { practiceInputSchema, type PracticeInputDraft } from '../../src/domain/practice.js';
import type { PublicationStatus } from '../../src/domain/vocabulary.js';
import { useTestApp } from '../support/test-app.js';

const LICENCE = 'https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0';

interface JsonLdNode {
  '@id'?: string;
  '@type'?: string;
  [key: string]: unknown;
}

describe('open data', () => {
  const t = useTestApp();

  let inserted = 0;
  /** Stores a practice straight in the database and waits for the catalogue to take it in. */
  async function insert(overrides: Partial<PracticeInputDraft>, status: PublicationStatus = 'published'): Promise<string> {
    const slug = `open-data-test-${++inserted}`;
    const input = practiceInputSchema.parse({
      title: 'Testpraktijk',
      summary: 'Een praktijk die alleen in de tests bestaat.',
      municipalities: ['11002'],
      scale: 'lokaal',
      themes: ['netwerken'],
      source: { title: 'Testbron', publisher: 'Testuitgever' },
      ...overrides,
    });
    t.services.practices.insert({ slug, status, input });
    await t.services.catalogue.refreshInBackground();
    return slug;
  }

  const jsonLdOf = (html: string): JsonLdNode[] => {
    const $ = cheerio.load(html);
    return $('script[type="application/ld+json"]').map((_, e) => JSON.parse($(e).text()) as JsonLdNode).get() as JsonLdNode[];
  };

  describe('GET /praktijken/:slug', () => {
    it('describes the practice in schema.org JSON-LD', async () => {
      const res = await request(t.app).get('/praktijken/gbo-zoersel').expect(200);
      const [ld, ...more] = jsonLdOf(res.text);
      expect(more).to.have.length(0);
      expect(ld?.['@context']).to.equal('https://schema.org');
      expect(ld?.['@type']).to.equal('CreativeWork');
      expect(ld?.name).to.equal('Geïntegreerd breed onthaal in Zoersel');
      expect(ld?.url).to.match(/^http:\/\/127\.0\.0\.1(:\d+)?\/praktijken\/gbo-zoersel$/);
      expect(ld?.keywords).to.include('Geïntegreerd breed onthaal');
      expect(ld?.spatialCoverage).to.deep.include({
        '@type': 'AdministrativeArea',
        name: 'Zoersel',
        identifier: { '@type': 'PropertyValue', propertyID: 'NIS', value: '11055' },
        containedInPlace: { '@type': 'AdministrativeArea', name: 'Antwerpen' },
      });
      expect(ld?.license).to.equal(LICENCE);
      expect(ld?.dateModified).to.be.a('string');
      expect(ld?.datePublished).to.be.a('string');
    });

    it('keeps a title with </script> inside the JSON-LD, where it parses back unchanged', async () => {
      const title = '</script><script>alert(1)</script>';
      const slug = await insert({ title, summary: 'Een <b>samenvatting</b> met \u2028 een regelscheiding & een <!-- commentaar.' });
      const res = await request(t.app).get(`/praktijken/${slug}`).expect(200);
      expect(res.text).not.to.contain('<script>alert(1)');
      const $ = cheerio.load(res.text);
      expect($('script[type="application/ld+json"]')).to.have.length(1);
      expect($('script:not([type="application/ld+json"]):not([src])'), 'no script element of the title').to.have.length(0);
      const [ld] = jsonLdOf(res.text);
      expect(ld?.name).to.equal(title);
      expect(ld?.description).to.equal('Een <b>samenvatting</b> met \u2028 een regelscheiding & een <!-- commentaar.');
      expect($('h1').text()).to.equal(title);
    });

    it('shows how to cite the practice: organisation, the source text’s year, title, address and today', async () => {
      const slug = await insert({ title: 'Buurtpensioen in Testdorp', contactOrganisation: 'OCMW Testdorp', source: { title: 'Jaarverslag', date: '2018-02-23' } });
      const res = await request(t.app).get(`/praktijken/${slug}`).expect(200);
      const $ = cheerio.load(res.text);
      const citation = $('.citation');
      expect(citation.find('h2').text()).to.equal('Zo citeert u deze praktijk');
      const today = new Intl.DateTimeFormat('nl-BE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Brussels' }).format(new Date());
      const text = citation.find('.citation__text').text().replace(/\s+/g, ' ');
      // 2018 is when the source was written, not the day the record reached the database.
      expect(text).to.match(new RegExp(`^OCMW Testdorp\\. \\(2018\\)\\. Buurtpensioen in Testdorp\\. Praktijkbank\\. Geraadpleegd op ${today}, van http://127\\.0\\.0\\.1(:\\d+)?/praktijken/${slug}$`));
      expect(citation.find('cite').text()).to.equal('Buurtpensioen in Testdorp');
    });

    it('cites a source without a date as "z.d." (zonder datum), still with the day it was consulted', async () => {
      const slug = await insert({ title: 'Zonder datum', source: { title: 'Folder', publisher: 'Gemeente Testdorp' } });
      const text = cheerio.load((await request(t.app).get(`/praktijken/${slug}`).expect(200)).text)('.citation__text').text().replace(/\s+/g, ' ');
      expect(text).to.match(/^Gemeente Testdorp\. \(z\.d\.\)\. Zonder datum\. Praktijkbank\. Geraadpleegd op \d{1,2} [a-z]+ \d{4}, van /);
    });

    it('names the source publisher in the citation when there is no contact organisation', async () => {
      const res = await request(t.app).get('/praktijken/gbo-zoersel').expect(200);
      expect(cheerio.load(res.text)('.citation__text').text()).to.match(/^Vlaamse overheid\. \((\d{4}|z\.d\.)\)\. Geïntegreerd breed onthaal in Zoersel\./);
    });
  });

  describe('GET /open-data', () => {
    it('describes the dataset, its licence and where to get it, in Dutch', async () => {
      const res = await request(t.app).get('/open-data').expect(200).expect('Content-Type', /html/);
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.equal('Open data');
      expect($('main').text()).to.contain('Modellicentie Gratis Hergebruik – v1.0');
      expect($('main').text()).to.contain('VVSG');
      const links = $('main a').map((_, a) => $(a).attr('href')).get();
      expect(links).to.include.members(['/open-data/catalogus.jsonld', '/praktijken/export.csv', '/praktijken/export.json', '/api/v1/practices', '/praktijken/feed', '/cijfers']);
      expect($('.site-footer a[href="/open-data"]')).to.have.length(1);
    });
  });

  describe('GET /open-data/catalogus.jsonld', () => {
    it('describes the catalogue as a DCAT-AP Vlaanderen dataset with four distributions and the API as a data service', async () => {
      const res = await request(t.app).get('/open-data/catalogus.jsonld').expect(200).expect('Content-Type', /^application\/ld\+json; charset=utf-8/);
      const catalog = JSON.parse(res.text) as JsonLdNode;
      const origin = new URL(String(catalog['@id'])).origin;
      expect(catalog['@type']).to.equal('dcat:Catalog');
      expect(catalog['dct:license']).to.deep.equal({ '@id': LICENCE });
      const [dataset] = catalog['dcat:dataset'] as JsonLdNode[];
      expect(dataset?.['@type']).to.equal('dcat:Dataset');
      expect(dataset?.['dct:title']).to.deep.include({ '@language': 'nl' });
      expect(dataset?.['dct:description']).to.deep.include({ '@language': 'nl' });
      expect(dataset?.['dct:publisher']).to.have.property('@id');
      expect(dataset?.['dcat:theme']).to.deep.include({ '@id': 'http://vocab.belgif.be/auth/datatheme/SOCI' });
      expect((dataset?.['dcat:keyword'] as { '@value': string }[]).map((k) => k['@value'])).to.include('Mantelzorg en informele zorg');
      expect(dataset?.['dct:modified']).to.have.property('@type', 'xsd:dateTime');
      const latest = t.services.catalogue.all().map((p) => p.updatedAt).sort().at(-1);
      expect((dataset?.['dct:modified'] as { '@value': string })['@value']).to.equal(latest);
      const distributions = dataset?.['dcat:distribution'] as JsonLdNode[];
      const accessUrls = distributions.map((d) => (d['dcat:accessURL'] as { '@id': string })['@id']);
      expect(accessUrls).to.have.members(['/praktijken/export.csv', '/praktijken/export.json', '/api/v1/practices', '/praktijken/feed'].map((p) => `${origin}${p}`));
      for (const d of distributions) {
        expect(d['@type']).to.equal('dcat:Distribution');
        expect(d['dct:license']).to.deep.equal({ '@id': LICENCE });
      }
      const [service] = catalog['dcat:service'] as JsonLdNode[];
      expect(service?.['@type']).to.equal('dcat:DataService');
      expect(service?.['dcat:endpointURL']).to.deep.equal({ '@id': `${origin}/api/v1/practices` });
      expect(service?.['dcat:endpointDescription']).to.deep.equal({ '@id': `${origin}/api/v1/openapi.json` });
      expect(distributions.find((d) => d['dcat:accessService'])?.['dcat:accessService']).to.deep.equal({ '@id': service?.['@id'] });
    });

    it('builds its addresses from the site\'s public address, whatever host the request names', async () => {
      const res = await request(t.app).get('/open-data/catalogus.jsonld').set('Host', 'evil.example').expect(200);
      expect((JSON.parse(res.text) as JsonLdNode)['@id']).to.equal(`${t.config.publicUrl}/open-data#catalogus`);
      expect(res.text).not.to.contain('evil.example');
    });
  });

  describe('GET /sitemap.xml', () => {
    it('lists the site pages and every published practice with its last change, and no pending one', async () => {
      const pending = await insert({ title: 'Een praktijk die nog wacht' }, 'pending');
      const res = await request(t.app).get('/sitemap.xml').expect(200).expect('Content-Type', /^application\/xml/);
      expect(XMLValidator.validate(res.text)).to.equal(true);
      const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'url' }).parse(res.text) as {
        urlset: { '@_xmlns': string; url: { loc: string; lastmod?: string }[] };
      };
      expect(xml.urlset['@_xmlns']).to.equal('http://www.sitemaps.org/schemas/sitemap/0.9');
      const paths = xml.urlset.url.map((u) => new URL(u.loc).pathname);
      expect(paths).to.include.members(['/', '/praktijken', '/over', '/cijfers', '/open-data', '/api', '/indienen']);
      for (const practice of t.services.catalogue.all()) {
        const entry = xml.urlset.url.find((u) => new URL(u.loc).pathname === `/praktijken/${practice.slug}`);
        expect(entry, practice.slug).not.to.equal(undefined);
        expect(new Date(entry?.lastmod ?? '').getTime()).to.equal(new Date(practice.updatedAt).setMilliseconds(0));
      }
      expect(paths).not.to.include(`/praktijken/${pending}`);
      expect(paths.filter((p) => p.startsWith('/praktijken/'))).to.have.length(t.services.catalogue.size);
      for (const u of xml.urlset.url) if (u.lastmod) expect(u.lastmod).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });
  });

  describe('GET /robots.txt', () => {
    it('allows everything but moderation and the private status links, and points to the sitemap', async () => {
      const res = await request(t.app).get('/robots.txt').expect(200).expect('Content-Type', /^text\/plain/);
      const lines = res.text.split('\n');
      expect(lines).to.include.members(['User-agent: *', 'Allow: /', 'Disallow: /beheer', 'Disallow: /indienen/status/']);
      expect(lines.find((l) => l.startsWith('Sitemap: '))).to.match(/^Sitemap: http:\/\/127\.0\.0\.1(:\d+)?\/sitemap\.xml$/);
    });
  });
});
