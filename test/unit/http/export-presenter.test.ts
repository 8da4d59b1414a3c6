import { expect } from 'chai';
import { exportFilename } from '../../../src/http/presenters/export-presenter.js';
import { feedTitle } from '../../../src/http/presenters/feed-presenter.js';
import { parseSearchQuery, type SearchQuery } from '../../../src/domain/search-query.js';

function query(raw: Record<string, unknown>): SearchQuery {
  const parsed = parseSearchQuery(raw);
  if (!parsed.ok) throw new Error('bad test query');
  return parsed.query;
}

describe('export and feed presenters', () => {
  it('name an export after the day in Belgium, not in UTC', () => {
    expect(exportFilename('csv', new Date('2026-11-24T23:30:00Z'))).to.equal('praktijkbank-2026-11-25.csv');
    expect(exportFilename('json', new Date('2026-07-01T21:59:00Z'))).to.equal('praktijkbank-2026-07-01.json');
  });

  it('title a feed after its search, in Dutch', () => {
    expect(feedTitle(query({}))).to.equal('Praktijkbank – nieuwe praktijken');
    expect(feedTitle(query({ theme: 'armoedebestrijding' }))).to.equal('Praktijkbank – nieuwe praktijken: thema Armoedebestrijding');
    expect(feedTitle(query({ q: 'mantelzorg', municipality: ['11002', '44021'], startYear: '2021' }))).to.equal(
      'Praktijkbank – nieuwe praktijken: zoekterm “mantelzorg”, gemeente Antwerpen of Gent, beginjaar 2021',
    );
  });
});
