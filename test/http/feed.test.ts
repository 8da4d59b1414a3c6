// The Atom feed of a search: the newest published practices it finds, for a feed reader.
import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { insertFullPractice, PDF_HASH } from '../support/full-practice.js';
import { insertPractice, practiceInput } from '../support/practices.js';
import { rawBody } from '../support/raw-body.js';
import { useTestApp } from '../support/test-app.js';

const ATOM = 'http://www.w3.org/2005/Atom';

interface Entry {
  id: string;
  title: { '#text': string; '@_type': string };
  link: { '@_href': string }[];
  updated: string;
  published: string;
  summary: { '#text': string };
  content?: { '#text': string; '@_type': string };
  category?: { '@_term': string; '@_label': string }[];
}
interface AtomFeed {
  '@_xmlns': string;
  id: string;
  title: string;
  updated: string;
  link: { '@_rel': string; '@_href': string }[];
  author: { name: string };
  entry?: Entry[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['entry', 'link', 'category'].includes(name), parseTagValue: false });

/** type="html" text: what a feed reader shows after decoding the HTML. */
const htmlDecoded = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const slugOf = (entry: Entry) => decodeURIComponent(new URL(entry.link[0]!['@_href']).pathname.replace('/praktijken/', ''));

describe('GET /praktijken/feed', () => {
  const t = useTestApp();

  const feedOf = async (query = '', host?: string): Promise<{ feed: AtomFeed; xml: string; res: request.Response }> => {
    const req = request(t.app).get(`/praktijken/feed${query}`);
    if (host) req.set('Host', host);
    const res = await req.buffer(true).parse(rawBody).expect(200);
    expect(res.headers['content-type']).to.equal('application/atom+xml; charset=utf-8');
    const xml = (res.body as Buffer).toString('utf8');
    expect(XMLValidator.validate(xml), 'well-formed XML').to.equal(true);
    const parsed = parser.parse(xml) as { feed?: AtomFeed };
    if (!parsed.feed) throw new Error('the root element is not <feed>');
    return { feed: parsed.feed, xml, res };
  };
  const entriesOf = (feed: AtomFeed) => feed.entry ?? [];
  const apiSlugs = async (query: string) =>
    ((await request(t.app).get(`/api/v1/practices${query}${query ? '&' : '?'}sort=newest&pageSize=100`).expect(200)).body as { items: { slug: string }[] }).items.map((i) => i.slug);

  it('is an Atom 1.0 feed of every published practice, newest first, when nothing is asked', async () => {
    const { feed } = await feedOf();
    expect(feed['@_xmlns']).to.equal(ATOM);
    expect(feed.title).to.equal('Praktijkbank – nieuwe praktijken');
    expect(feed.author.name).to.equal('Praktijkbank');
    expect(entriesOf(feed).map(slugOf)).to.deep.equal(await apiSlugs(''));
    for (const entry of entriesOf(feed)) {
      expect(entry.id).to.be.a('string').and.match(/^http:\/\/127\.0\.0\.1:\d+\/praktijken\/[a-z0-9-]+$/);
      expect(entry.title['#text']).to.be.a('string').and.not.equal('');
      expect(entry.link[0]!['@_href']).to.equal(entry.id);
      expect(Number.isNaN(Date.parse(entry.updated)), 'updated is a date').to.equal(false);
      expect(Number.isNaN(Date.parse(entry.published)), 'published is a date').to.equal(false);
      expect(entry.summary['#text']).to.be.a('string').and.not.equal('');
      expect(entry.category?.length).to.be.greaterThan(0);
    }
    expect(feed.link.find((l) => l['@_rel'] === 'self')?.['@_href']).to.match(/\/praktijken\/feed$/);
  });

  it('applies the filters and the search text of the results page, and names them in its title', async () => {
    const { feed } = await feedOf('?theme=armoedebestrijding');
    expect(feed.title).to.equal('Praktijkbank – nieuwe praktijken: thema Armoedebestrijding');
    expect(entriesOf(feed).map(slugOf)).to.deep.equal(await apiSlugs('?theme=armoedebestrijding'));
    for (const entry of entriesOf(feed)) expect(entry.category?.map((c) => c['@_term'])).to.include('armoedebestrijding');

    const combined = await feedOf('?q=zorg&province=antwerpen&province=limburg&sort=title&page=2');
    expect(combined.feed.title).to.equal('Praktijkbank – nieuwe praktijken: zoekterm “zorg”, provincie Antwerpen of Limburg');
    expect(entriesOf(combined.feed).map(slugOf)).to.deep.equal(await apiSlugs('?q=zorg&province=antwerpen&province=limburg'));
  });

  it('gives each theme as a category with its Dutch label', async () => {
    const { feed } = await feedOf('?municipality=11055');
    expect(entriesOf(feed)[0]?.category).to.deep.include({ '@_term': 'breed-onthaal', '@_label': 'Geïntegreerd breed onthaal' });
  });

  it('puts a newly published practice on top, and never a practice that is not published', async () => {
    const published = await insertPractice(t, { title: 'Nieuwe buurtpraktijk', themes: ['armoedebestrijding'] }, { now: '2030-01-02T10:00:00.000Z' });
    const pending = await insertPractice(t, { title: 'Wachtende buurtpraktijk', themes: ['armoedebestrijding'] }, { status: 'pending', now: '2030-01-03T10:00:00.000Z' });
    const { feed, xml } = await feedOf('?theme=armoedebestrijding');
    const slugs = entriesOf(feed).map(slugOf);
    expect(slugs[0]).to.equal(published);
    expect(slugs).not.to.include(pending);
    expect(xml).not.to.include('Wachtende buurtpraktijk');
    expect(entriesOf(feed)[0]?.published).to.equal('2030-01-02T10:00:00.000Z');
    expect(feed.updated).to.equal('2030-01-02T10:00:00.000Z');
  });

  it('escapes < and & in titles and summaries, and stays well-formed with anything in them', async () => {
    const title = 'Tom & Jerry <b>vet</b> ]]> "aan" \'t & amp; &amp;';
    const summary = 'Een <script>alert(1)</script> samenvatting & meer ]]> einde';
    const slug = await insertPractice(t, { title, summary }, { now: '2031-01-01T00:00:00.000Z' });
    const { feed, xml } = await feedOf(`?q=${encodeURIComponent('<b>&')}`);
    expect(xml).not.to.include('<b>vet');
    expect(xml).not.to.include('<script>');
    expect(feed.title).to.equal('Praktijkbank – nieuwe praktijken: zoekterm “<b>&”');
    const all = await feedOf();
    const entry = entriesOf(all.feed).find((e) => slugOf(e) === slug);
    expect(entry?.title['@_type']).to.equal('html');
    expect(htmlDecoded(entry?.title['#text'] ?? '')).to.equal(title);
    expect(htmlDecoded(entry?.summary['#text'] ?? '')).to.equal(summary);
  });

  it('carries what a copier reads in each entry: the sections, costs, reach, evaluation, materials, contact and source', async () => {
    await insertFullPractice(t, 'feed-buddywerking');
    const { feed } = await feedOf();
    const entry = entriesOf(feed).find((e) => slugOf(e) === 'feed-buddywerking');
    expect(entry?.content?.['@_type']).to.equal('html');
    const html = htmlDecoded(entry?.content?.['#text'] ?? '').replace(/\u00a0/g, ' ');
    for (const shown of ['<h2>Aanpak</h2>', '<h2>Werkzame elementen</h2>', '<h2>Wat heb je nodig om dit over te nemen?</h2>', 'Kosten: € 12.500 per jaar',
      'Financiering: Eigen middelen, Vlaamse subsidie', 'Personeelsinzet: 0,5 VTE', '120 gezinnen in 2024', 'Externe evaluatie',
      'An Peeters, Coördinator welzijn, OCMW Testdorp', 'mailto:an.peeters@testdorp.test', 'Jaarverslag Testdorp, Gemeente Testdorp, 23 februari 2018']) {
      expect(html).to.contain(shown);
    }
    expect(html).to.contain(`<a href="${t.config.publicUrl}/praktijken/feed-buddywerking/materialen/${PDF_HASH}/draaiboek.pdf">Draaiboek</a> (PDF, 240 kB)`);
    // Only content moves `updated`: the rung on the ladder and the last check are not in the entry.
    expect(html).not.to.contain('Onderbouwd');
    expect(html).not.to.contain('nagekeken');
  });

  it('never carries a contact e-mail the submitter kept private', async () => {
    await insertFullPractice(t, 'feed-prive', { contactEmail: 'geheim.feed@testdorp.test', contactEmailPublic: false });
    const { feed, xml } = await feedOf();
    expect(xml).not.to.contain('geheim.feed');
    const entry = entriesOf(feed).find((e) => slugOf(e) === 'feed-prive');
    expect(htmlDecoded(entry?.content?.['#text'] ?? '')).to.contain('An Peeters').and.not.contain('mailto:');
  });

  it('holds at most the 50 newest practices', async () => {
    for (let i = 0; i < 40; i++) {
      t.services.practices.insert({ slug: `veel-${i}`, status: 'published', input: practiceInput({ title: `Praktijk nummer ${i}` }), now: `2032-01-01T00:00:${String(i).padStart(2, '0')}.000Z` });
    }
    await t.services.catalogue.refreshInBackground();
    const { feed } = await feedOf();
    const entries = entriesOf(feed);
    expect(entries).to.have.length(50);
    expect(entries.slice(0, 3).map(slugOf)).to.deep.equal(['veel-39', 'veel-38', 'veel-37']);
    expect(entries.map(slugOf)).to.deep.equal((await apiSlugs('')).slice(0, 50));
  });

  it('builds absolute links from the site\'s public address, whatever host the request names', async () => {
    const { feed, xml } = await feedOf('?municipality=11055', 'evil.example');
    expect(entriesOf(feed)[0]?.id).to.equal(`${t.config.publicUrl}/praktijken/gbo-zoersel`);
    expect(feed.id).to.equal(`${t.config.publicUrl}/praktijken/feed?municipality=11055`);
    expect(xml).not.to.contain('evil.example');
    // X-Forwarded-Proto counts only behind a trusted proxy (TRUST_PROXY), which this app does not have.
    const forwarded = await request(t.app).get('/praktijken/feed?municipality=11055').set('X-Forwarded-Proto', 'https').buffer(true).parse(rawBody).expect(200);
    expect((forwarded.body as Buffer).toString('utf8')).not.to.include('https://');
  });

  it('answers a bad filter or sort with a 400 in Dutch', async () => {
    const res = await request(t.app).get('/praktijken/feed?theme=onbestaand').expect(400);
    expect(res.text).to.include('Onbekend thema &#34;onbestaand&#34;.');
    await request(t.app).get('/praktijken/feed?municipality=Gent').expect(400);
    await request(t.app).get('/praktijken/feed?sort=oldest').expect(400);
  });

  it('answers a Host header that is no host with the feed all the same', async () => {
    const res = await request(t.app).get('/praktijken/feed').set('Host', 'evil.example/<x>').buffer(true).parse(rawBody).expect(200);
    expect((res.body as Buffer).toString('utf8')).not.to.contain('evil.example');
  });
});
