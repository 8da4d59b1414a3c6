// The period of the statistics form, turned into the start years a search filters on.
import { expect } from 'chai';
import type { SearchResult } from '../../../src/domain/catalogue.js';
import type { SearchQuery } from '../../../src/domain/search-query.js';
import { periodYears, statisticsTable, yearSpanOf } from '../../../src/domain/statistics.js';

describe('periodYears', () => {
  const span = { first: 2015, last: 2021 };

  it('lists every year from "from" to "to", both included', () => {
    expect(periodYears('2018', '2020', span)).to.deep.equal({ ok: true, years: ['2018', '2019', '2020'] });
  });

  it('takes the catalogue\'s first or last start year for an open end', () => {
    expect(periodYears('2020', '', span)).to.deep.equal({ ok: true, years: ['2020', '2021'] });
    expect(periodYears(undefined, '2016', span)).to.deep.equal({ ok: true, years: ['2015', '2016'] });
  });

  it('means no year filter when both ends are empty', () => {
    expect(periodYears('', '', span)).to.deep.equal({ ok: true, years: [] });
  });

  it('names a period that runs backwards, a bad year, a repeated parameter and a period that is too long', () => {
    const messages = (from: unknown, to: unknown) => {
      const result = periodYears(from, to, span);
      return result.ok ? [] : result.problems.map((p) => p.message);
    };
    expect(messages('2021', '2019')[0]).to.match(/ligt na "tot"/);
    expect(messages('20x1', '')[0]).to.match(/Ongeldig jaartal "20x1"/);
    expect(messages(['2019', '2020'], '')[0]).to.equal('Geef de parameter startYearFrom maar één keer op.');
    expect(messages('1990', '2100')[0]).to.match(/hoogstens 50 jaar/);
  });
});

describe('yearSpanOf', () => {
  it('finds the first and last start year, ignoring practices without one', () => {
    expect(yearSpanOf([{ startYear: 2020 }, {}, { startYear: 2012 }, { startYear: undefined }])).to.deep.equal({ first: 2012, last: 2020 });
    expect(yearSpanOf([{}])).to.equal(undefined);
  });
});

describe('the copyable table', () => {
  const facets = (contact: number, materials: number) =>
    ({ hasContact: contact > 0 ? [{ value: 'true', label: 'Met contactpersoon', count: contact, selected: false }] : [], hasMaterials: [{ value: 'true', label: 'Met materiaal', count: materials, selected: false }] }) as unknown as SearchResult['facets'];
  const result = (total: number, contact: number, materials: number, query: Partial<SearchQuery> = {}) =>
    ({ total, facets: facets(contact, materials), query: { hasContact: [], hasMaterials: [], ...query } }) as unknown as SearchResult;

  it('gives each flag its count and its share of the result, rounded to a whole percentage', () => {
    expect(statisticsTable(result(3, 1, 2), 'copyable').rows).to.deep.equal([
      { value: 'hasContact', label: 'Met contactpersoon', count: 1, selected: false, share: 33 },
      { value: 'hasMaterials', label: 'Met materiaal', count: 2, selected: false, share: 67 },
    ]);
  });

  it('says 0 for a flag no practice has, and 0 % of an empty result rather than dividing by zero', () => {
    expect(statisticsTable(result(0, 0, 0), 'copyable').rows.map((r) => [r.count, r.share])).to.deep.equal([[0, 0], [0, 0]]);
  });

  it('marks a flag the search filters on as chosen', () => {
    expect(statisticsTable(result(2, 2, 1, { hasContact: ['true'] }), 'copyable').rows.map((r) => r.selected)).to.deep.equal([true, false]);
  });
});
