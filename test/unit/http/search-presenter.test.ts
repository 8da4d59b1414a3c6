// The results page's view model in isolation: which values a facet shows, and the heading in words.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FacetValue, SearchResult } from '../../../src/domain/catalogue.js';
import { FACETS } from '../../../src/domain/facets.js';
import type { Practice } from '../../../src/domain/practice.js';
import { practiceInput } from '../../support/practices.js';
import { parseSearchQuery } from '../../../src/domain/search-query.js';
import { headingOf, searchPageView, stateOf, topValues } from '../../../src/http/presenters/search-presenter.js';
import { paths } from '../../../src/paths.js';

const value = (v: string, count: number, selected = false): FacetValue => ({ value: v, label: v, count, selected });
const query = (raw: Record<string, string | string[]>) => {
  const parsed = parseSearchQuery(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.query;
};

describe('search presenter', () => {
  describe('topValues', () => {
    it('keeps the most frequent values, most first, ties in the facet’s own order', () => {
      const values = [value('a', 1), value('b', 5), value('c', 5), value('d', 2), value('e', 1)];
      expect(topValues(values, 3).map((v) => v.value)).to.deep.equal(['b', 'c', 'd']);
    });

    it('always keeps a chosen value, also one no practice has', () => {
      const values = [value('a', 9), value('b', 8), value('c', 1, true), value('d', 0, true)];
      expect(topValues(values, 2).map((v) => v.value)).to.deep.equal(['a', 'b', 'c', 'd']);
    });

    it('picks what sorting the whole facet would pick, for any counts, ties and choices (300 municipalities included)', () => {
      // The definition, by sorting everything: the n first, plus every chosen value, in that order.
      const bySorting = (values: readonly FacetValue[], n: number) => {
        const ranked = values.map((v, i) => ({ v, i })).sort((a, b) => b.v.count - a.v.count || a.i - b.i);
        const top = new Set(ranked.slice(0, n).map((r) => r.v));
        return ranked.filter((r) => top.has(r.v) || r.v.selected).map((r) => r.v.value);
      };
      const facet = fc.array(fc.record({ count: fc.nat({ max: 6 }), selected: fc.nat({ max: 9 }).map((x) => x === 0) }), { maxLength: 300 });
      fc.assert(
        fc.property(facet, fc.integer({ min: 1, max: 12 }), (raw, n) => {
          const values = raw.map((r, i) => value(`v${i}`, r.count, r.selected));
          expect(topValues(values, n).map((v) => v.value)).to.deep.equal(bySorting(values, n));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('headingOf', () => {
    const heading = (total: number, raw: Record<string, string | string[]>) => headingOf({ total, query: query(raw) });

    it('counts in Dutch, one praktijk and thousands with a point', () => {
      expect(heading(1, {})).to.equal('1 praktijk');
      expect(heading(6069, {})).to.equal('6.069 praktijken');
      expect(heading(0, { q: 'xqzwvk' })).to.equal('Geen praktijken gevonden over “xqzwvk”');
    });

    it('reads the words and the filters as a sentence', () => {
      expect(heading(12, { q: 'mantelzorg', province: 'limburg' })).to.equal('12 praktijken over “mantelzorg” in Limburg');
      expect(heading(3, { theme: ['armoedebestrijding', 'informele-zorg'], targetGroup: 'ouderen' })).to.equal('3 praktijken over armoedebestrijding of mantelzorg en informele zorg voor ouderen');
      expect(heading(2, { q: 'buurt', theme: 'netwerken', lifeDomain: 'wonen' })).to.equal('2 praktijken over “buurt” met als thema samenwerking en netwerken rond wonen');
      expect(heading(1, { municipality: '44021', province: 'oost-vlaanderen' })).to.equal('1 praktijk in Gent (provincie Oost-Vlaanderen)');
    });

    it('names the other filters after the sentence, as /cijfers does', () => {
      expect(heading(4, { q: 'zorg', scale: 'lokaal', startYear: ['2019', '2020'], hasContact: 'true' })).to.equal('4 praktijken over “zorg”, schaal Lokaal, beginjaar 2019 of 2020, met contactpersoon');
    });
  });

  describe('searchPageView', () => {
    // Counts as the catalogue hands them out, frozen with their search: a short facet, one of up to 40
    // values (some behind "toon alle") and one of 300 (on a page of its own).
    const counts = (n: number) => Array.from({ length: n }, (_, i) => value(`v${i}`, (i * 7) % 13, i === 2));
    const countsWith = (each: (values: FacetValue[]) => readonly FacetValue[]) =>
      Object.freeze(Object.fromEntries(FACETS.map((f, i) => [f.key, each(counts([3, 25, 300][i % 3]!))]))) as SearchResult['facets'];
    const frozenCounts = () => countsWith((values) => Object.freeze(values.map((v) => Object.freeze(v))));
    const resultOf = (raw: Record<string, string | string[]>, facets: SearchResult['facets']): SearchResult => ({
      query: query(raw), sort: 'relevance', total: 40, page: Number(raw.page ?? 1), pageSize: 20, pageCount: 2, items: [], facets,
      allWords: true, correctedQuery: undefined, suggestions: [], nearThemes: [],
    });

    it("lists every page and spelling of one search's facets as the same frozen lists, so their HTML is made once", () => {
      const facets = frozenCounts();
      const one = searchPageView(resultOf({ q: 'zorg' }, facets));
      const other = searchPageView(resultOf({ q: 'ZORG', page: '2' }, facets));
      expect(one.facets.length).to.be.greaterThan(3);
      one.facets.forEach((f, i) => {
        if (f.key === 'flags') return;
        expect(other.facets[i]!.shown).to.equal(f.shown);
        expect(Object.isFrozen(f.shown)).to.equal(true);
        if (f.more) expect(other.facets[i]!.more!.values).to.equal(f.more.values);
      });
      // The full list's address carries the search as typed: not shared.
      const long = one.facets.find((f) => f.fullList)!;
      expect(long.fullList!.href).to.contain('q=zorg');
      expect(other.facets.find((f) => f.key === long.key)!.fullList!.href).to.contain('q=ZORG');
    });

    it("shows a search's frozen page of results as the same frozen views for every spelling, so their HTML is made once", () => {
      const practice = Object.freeze({ ...practiceInput({ title: 'Buurtzorg Gent' }), slug: 'buurtzorg-gent' }) as unknown as Practice;
      const items: SearchResult['items'] = Object.freeze([Object.freeze({ practice, snippet: Object.freeze([Object.freeze({ text: 'Zorg', match: true })]) })]);
      const one = searchPageView({ ...resultOf({ q: 'zorg' }, frozenCounts()), items });
      const other = searchPageView({ ...resultOf({ q: 'ZORG' }, frozenCounts()), items });
      expect(one.items).to.equal(other.items);
      expect(Object.isFrozen(one.items)).to.equal(true);
      expect(one.items[0]!.line.title).to.equal('Buurtzorg Gent');
      expect(one.items[0]!.line.href).to.equal('/praktijken/buurtzorg-gent');
      expect(one.items[0]!.snippet).to.equal(items[0]!.snippet);
      // Results that are not frozen may still change: their views are made each time.
      const open = [...items];
      expect(searchPageView({ ...resultOf({ q: 'zorg' }, frozenCounts()), items: open }).items).not.to.equal(searchPageView({ ...resultOf({ q: 'zorg' }, frozenCounts()), items: open }).items);
    });

    it('links each page to the search with that page, the first without one, whatever the words, filters, sort and page size', () => {
      const words = fc.oneof(fc.constant(''), fc.string(), fc.constantFrom('zorg & welzijn', 'één gezin?', 'a=b&page=3', '100% #1'));
      fc.assert(
        fc.property(words, fc.constantFrom(undefined, 'relevance', 'newest', 'title'), fc.constantFrom(undefined, '5', '50'), fc.subarray(['breed-onthaal', 'armoedebestrijding']), fc.integer({ min: 1, max: 12 }), (q, sort, pageSize, theme, page) => {
          const raw = { q, theme, page: String(page), ...(sort ? { sort } : {}), ...(pageSize ? { pageSize } : {}) };
          const parsed = query(raw);
          const view = searchPageView({ ...resultOf(raw, frozenCounts()), query: parsed, page, pageCount: 12 });
          const expected = (p: number) => paths.practices({ ...stateOf(parsed, parsed.sort), page: p === 1 ? undefined : p });
          for (const link of view.pagination.pages) expect(link.href).to.equal(expected(link.number));
          expect(view.pagination.previous).to.equal(page > 1 ? expected(page - 1) : undefined);
          expect(view.pagination.next).to.equal(page < 12 ? expected(page + 1) : undefined);
        }),
      );
    });

    it('makes counts that are not frozen into new lists each time, with the same values', () => {
      const open = countsWith((values) => values);
      const shared = searchPageView(resultOf({ q: 'zorg' }, frozenCounts()));
      const once = searchPageView(resultOf({ q: 'zorg' }, open));
      const again = searchPageView(resultOf({ q: 'zorg' }, open));
      expect(again.facets[0]!.shown).not.to.equal(once.facets[0]!.shown);
      expect(once.facets).to.deep.equal(shared.facets);
    });
  });
});
