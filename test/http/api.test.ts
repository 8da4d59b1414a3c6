// JSON API v1: the same search as the pages, for programs; errors as structured 4xx.
import { expect } from 'chai';
import request from 'supertest';
import { COMPLETENESS_ELEMENTS } from '../../src/domain/completeness.js';
import { FACET_KEYS } from '../../src/domain/search-query.js';
import { practiceApiSchema } from '../../src/http/api-schemas.js';
import { MaterialRepository } from '../../src/store/material-repository.js';
import { insertPractice } from '../support/practices.js';
import { useTestApp } from '../support/test-app.js';

interface ApiList {
  total: number;
  page: number;
  pageSize: number;
  items: { slug: string; title: string; themes: string[]; municipalities: { nisCode: string; name: string; province: string | null }[] }[];
  facets: Record<string, { value: string; label: string; count: number }[]>;
}

describe('JSON API v1', () => {
  const t = useTestApp();

  const list = async (query: string): Promise<ApiList> => {
    const res = await request(t.app).get(`/api/v1/practices${query}`).expect(200).expect('Content-Type', /json/);
    return res.body as ApiList;
  };

  const expectError = async (query: string, pattern: RegExp) => {
    const res = await request(t.app).get(`/api/v1/practices${query}`).expect(400).expect('Content-Type', /json/);
    expect(res.body.error.code).to.equal('bad_request');
    expect(res.body.error.message).to.match(pattern);
    return res.body;
  };

  describe('GET /api/v1/practices', () => {
    it('lists every published practice with total, paging and every facet', async () => {
      const body = await list('');
      expect(body.total).to.equal(16);
      expect(body.page).to.equal(1);
      expect(body.pageSize).to.equal(20);
      expect(body.items).to.have.length(16);
      expect(Object.keys(body.facets)).to.have.members([...FACET_KEYS]);
      const limburg = body.facets.province?.find((f) => f.value === 'limburg');
      expect(limburg).to.deep.equal({ value: 'limburg', label: 'Limburg', count: 1 });
    });

    it('gives every page and spelling of one search the same facet counts, and new counts after a publication', async () => {
      const one = await list('?q=zorg&pageSize=2');
      const two = await list('?q=zorg&pageSize=2&page=2');
      const capitals = await list('?q=ZORG&pageSize=2');
      expect(one.total).to.be.greaterThan(2);
      expect(two.items.map((i) => i.slug)).not.to.include.members(one.items.map((i) => i.slug));
      expect(two.facets).to.deep.equal(one.facets);
      expect(capitals.facets).to.deep.equal(one.facets);
      const countOf = (body: ApiList) => body.facets.theme?.find((f) => f.value === 'netwerken')?.count ?? 0;

      // Elsewhere than the municipalities and searches the other tests of this suite count.
      await insertPractice(t, { title: 'Zorgnetwerk in de kern', summary: 'Zorg dichtbij, samen met de buren.', themes: ['netwerken'], municipalities: ['71004'] });
      const after = await list('?q=zorg&pageSize=2');
      expect(after.total).to.equal(one.total + 1);
      expect(countOf(after)).to.equal(countOf(one) + 1);
    });

    it('searches with the same Dutch search as the pages', async () => {
      const body = await list('?q=geintegreerd%20onthaal');
      expect(body.items[0]?.slug).to.equal('gbo-zoersel');
      expect((await list('?q=CAW')).items.map((i) => i.slug)).to.include('gezinscoaches-antwerpen');
    });

    it('takes repeatable facet filters: OR within one, AND across', async () => {
      const or = await list('?targetGroup=kinderen&targetGroup=jongeren');
      expect(or.items.map((i) => i.slug)).to.have.members(['noodopvang-kinderopvang', 'overkophuizen', 'een-gezin-een-plan']);
      const and = await list('?targetGroup=kinderen&targetGroup=jongeren&theme=mentaal-welzijn');
      expect(and.items.map((i) => i.slug)).to.have.members(['overkophuizen', 'een-gezin-een-plan']);
    });

    it('filters on municipality by NIS code and on start year', async () => {
      const m = await list('?municipality=11002');
      expect(m.items.map((i) => i.slug)).to.deep.equal(['gezinscoaches-antwerpen']);
      expect(m.items[0]?.municipalities).to.deep.equal([{ nisCode: '11002', name: 'Antwerpen', province: 'antwerpen' }]);
      const y = await list('?startYear=2021');
      expect(y.items.map((i) => i.slug)).to.deep.equal(['herstelgerichte-projecten-2021-2025']);
    });

    it('pages with page and pageSize, up to 100', async () => {
      const first = await list('?pageSize=5&sort=title');
      const second = await list('?pageSize=5&sort=title&page=2');
      expect(first.items).to.have.length(5);
      expect(second.items).to.have.length(5);
      expect(second.page).to.equal(2);
      expect(first.items.map((i) => i.slug)).not.to.include.members(second.items.map((i) => i.slug));
      expect((await list('?pageSize=100')).pageSize).to.equal(100);
    });

    it('never exposes the private contact e-mail', async () => {
      const res = await request(t.app).get('/api/v1/practices?pageSize=100').expect(200);
      expect(res.text).not.to.match(/@[a-z0-9-]+\.[a-z]{2,}/i);
      for (const item of (res.body as { items: { contactEmail: unknown }[] }).items) expect(item.contactEmail).to.equal(null);
    });

    it('survives any search string', async () => {
      for (const q of ['title:x', 'a^2', '~', '*', '"', '-+', '\\', '%25', '🙂', 'x'.repeat(3000)]) {
        await request(t.app).get('/api/v1/practices').query({ q }).expect(200);
      }
    });

    it('rejects a pageSize over 100 with a structured 400', async () => {
      const body = await expectError('?pageSize=101', /per pagina/);
      expect(body.error.details).to.deep.equal([{ parameter: 'pageSize', message: body.error.message }]);
    });
    it('rejects an unknown facet value', () => expectError('?theme=onbestaand', /Onbekend thema "onbestaand"/));
    it('rejects a municipality name instead of a NIS code', () => expectError('?municipality=Gent', /NIS-code/));
    it('rejects an unknown sort', () => expectError('?sort=oldest', /Sorteer op/));
    it('rejects a page given twice', () => expectError('?page=1&page=2', /maar één keer/));
    it('rejects a page that is not a number', () => expectError('?page=twee', /paginanummer/));
    it('names every problem at once', async () => {
      const body = await expectError('?page=0&theme=x&province=y', /paginanummer/);
      expect(body.error.details.map((d: { parameter: string }) => d.parameter)).to.have.members(['page', 'theme', 'province']);
    });
  });

  describe('GET /api/v1/practices/:slug', () => {
    it('returns one practice with its sections, vocabularies and source', async () => {
      const res = await request(t.app).get('/api/v1/practices/landbouwers-diksmuide').expect(200);
      expect(res.body.slug).to.equal('landbouwers-diksmuide');
      expect(res.body.targetGroups).to.deep.equal(['landbouwers']);
      expect(res.body.provinces).to.deep.equal(['west-vlaanderen']);
      expect(res.body.source.title).to.be.a('string').and.not.equal('');
      expect(res.body.contactEmail).to.equal(null);
    });

    it('answers an unknown slug with a structured 404', async () => {
      const res = await request(t.app).get('/api/v1/practices/onbestaand').expect(404).expect('Content-Type', /json/);
      expect(res.body.error.code).to.equal('not_found');
      expect(res.body.error.message).to.be.a('string');
    });

    it('answers an unknown API path with a structured 404', async () => {
      const res = await request(t.app).get('/api/v1/bestaat-niet').expect(404);
      expect(res.body.error.code).to.equal('not_found');
    });
  });

  describe('the fields a municipality needs to copy a practice (issue 12)', () => {
    const HASH = 'a'.repeat(64);
    const full = {
      workingElements: 'Een vaste coach per gezin.',
      transferability: 'Een partner met huisbezoekers.',
      costs: { amountEur: '12.500,50', period: 'per-jaar' as const, note: 'Loon van de coach.' },
      funding: ['eigen-middelen' as const, 'vlaamse-subsidie' as const],
      staffFte: '0,5',
      reach: { count: '120', unit: 'gezinnen' as const, year: 2024 },
      evaluation: { kind: 'extern' as const, summary: 'Positief.', url: 'https://example.org/rapport' },
      contactName: 'An Peeters',
      contactRole: 'Coördinator',
      contactOrganisation: 'OCMW Testdorp',
      contactEmail: 'an.peeters@testdorp.be',
      contactEmailPublic: true,
      source: { title: 'Testbron', date: '2018-02' },
      materials: [{ fileHash: HASH, fileName: 'draaiboek.pdf', mediaType: 'application/pdf' as const, bytes: 2048, title: 'Draaiboek' }],
    };
    const show = async (slug: string) => (await request(t.app).get(`/api/v1/practices/${slug}`).expect(200)).body as Record<string, unknown>;

    it('shows every new field in its documented shape, with the public contact and a download path per material', async () => {
      new MaterialRepository(t.services.db).record({ hash: HASH, mediaType: 'application/pdf', bytes: 2048, storedAt: '2026-01-01T00:00:00.000Z' });
      const slug = await insertPractice(t, full);
      t.services.practices.setEvidence(t.services.practices.listPublished().find((p) => p.slug === slug)!.id, { level: 'geevalueerd', justification: 'Extern rapport.', decidedAt: '2026-02-01T10:00:00.000Z' }, undefined);
      await t.services.catalogue.refreshInBackground();
      const body = await show(slug);
      expect(() => practiceApiSchema.parse(body)).not.to.throw();
      expect(body).to.deep.include({
        workingElements: 'Een vaste coach per gezin.',
        transferability: 'Een partner met huisbezoekers.',
        costs: { amountEur: 12500.5, period: 'per-jaar', note: 'Loon van de coach.' },
        funding: ['eigen-middelen', 'vlaamse-subsidie'],
        staffFte: 0.5,
        reach: { count: 120, unit: 'gezinnen', year: 2024 },
        evaluation: { kind: 'extern', summary: 'Positief.', url: 'https://example.org/rapport' },
        contact: { name: 'An Peeters', role: 'Coördinator', organisation: 'OCMW Testdorp', email: 'an.peeters@testdorp.be' },
        evidenceLevel: { level: 'geevalueerd', label: 'Geëvalueerd', justification: 'Extern rapport.', decidedAt: '2026-02-01T10:00:00.000Z' },
        materials: [{ title: 'Draaiboek', fileName: 'draaiboek.pdf', mediaType: 'application/pdf', bytes: 2048, url: `/praktijken/${slug}/materialen/${HASH}/draaiboek.pdf` }],
        completeness: { score: 78, missing: ['aanpak', 'resultaten'] },
      });
      expect((body.source as { date: unknown }).date).to.equal('2018-02');
      // The fields that were there before issue 12 keep their values.
      expect(body.contactOrganisation).to.equal('OCMW Testdorp');
      expect(body.contactEmail).to.equal('an.peeters@testdorp.be');
    });

    it('gives nulls and empty lists for what is not known, and says everything but the approach is missing', async () => {
      const slug = await insertPractice(t, { sections: { aanpak: 'Zo doen we het.' } });
      const body = await show(slug);
      expect(body).to.deep.include({
        workingElements: null,
        transferability: null,
        costs: { amountEur: null, period: null, note: null },
        funding: [],
        staffFte: null,
        reach: { count: null, unit: null, year: null },
        evaluation: { kind: null, summary: null, url: null },
        contact: { name: null, role: null, organisation: null, email: null },
        lastVerifiedAt: null,
        evidenceLevel: null,
        materials: [],
      });
      expect(body.completeness).to.deep.equal({ score: 11, missing: COMPLETENESS_ELEMENTS.map((e) => e.key).filter((k) => k !== 'aanpak') });
    });

    it('never shows a private contact e-mail, neither in contact nor in contactEmail', async () => {
      const slug = await insertPractice(t, { ...full, materials: [], contactEmail: 'prive@testdorp.be', contactEmailPublic: false });
      const res = await request(t.app).get(`/api/v1/practices/${slug}`).expect(200);
      expect(res.text).not.to.contain('prive@testdorp.be');
      expect(res.body.contact).to.deep.equal({ name: 'An Peeters', role: 'Coördinator', organisation: 'OCMW Testdorp', email: null });
      // A private address still counts as a person to ask.
      expect(res.body.completeness.missing).not.to.include('contact');
    });

    it('shows when the practice was last verified', async () => {
      const slug = await insertPractice(t);
      t.services.practices.markVerified(t.services.practices.listPublished().find((p) => p.slug === slug)!.id, '2026-03-04T05:06:07.000Z');
      await t.services.catalogue.refreshInBackground();
      expect((await show(slug)).lastVerifiedAt).to.equal('2026-03-04T05:06:07.000Z');
    });
  });
});
