import { expect } from 'chai';

import { scanDocuments } from '../../../src/search/provisional-scan.js';
import { FIELD_BOOSTS, type SearchDocument } from '../../../src/search/search-document.js';

const doc = (id: number, fields: Partial<Omit<SearchDocument, 'id'>>): SearchDocument => ({ id, title: '', summary: '', body: '', tags: '', ...fields });

/** The scan of `text` over the documents, as { id: score }. */
function scan(documents: readonly SearchDocument[], text: string): { scores: Record<number, number>; allWords: boolean } {
  const outcome = scanDocuments(documents.length, (slot) => documents[slot]!, text);
  const scores: Record<number, number> = {};
  outcome.slots.forEach((slot, i) => (scores[documents[slot]!.id] = outcome.scores[i]!));
  return { scores, allWords: outcome.allWords };
}

describe('scanDocuments (text search while no index exists)', () => {
  it('weighs a word in the title, summary or tags with the index’s field boosts', () => {
    const documents = [doc(1, { title: 'Mantelzorg in de buurt' }), doc(2, { summary: 'Over mantelzorg' }), doc(3, { tags: 'Mantelzorg' })];
    expect(scan(documents, 'mantelzorg').scores).to.deep.equal({ 1: FIELD_BOOSTS.title, 2: FIELD_BOOSTS.summary, 3: FIELD_BOOSTS.tags });
  });

  it('adds the weights of every field and every word found', () => {
    const documents = [doc(1, { title: 'Mantelzorg', summary: 'mantelzorg en armoede' })];
    expect(scan(documents, 'mantelzorg armoede').scores).to.deep.equal({ 1: FIELD_BOOSTS.title + 2 * FIELD_BOOSTS.summary });
  });

  it('leaves the body to the index', () => {
    expect(scan([doc(1, { body: 'mantelzorg' })], 'mantelzorg').scores).to.deep.equal({});
  });

  it('finds a word by its index term at the start of a word, accents folded, not inside a word', () => {
    const documents = [doc(1, { title: 'Gezinnen met crèche-plaatsen' }), doc(2, { title: 'Buitenschoolse kinderopvang' })];
    expect(Object.keys(scan(documents, 'gezin').scores)).to.deep.equal(['1']);
    expect(Object.keys(scan(documents, 'creche').scores)).to.deep.equal(['1']);
    expect(Object.keys(scan(documents, 'opvang').scores)).to.deep.equal([]);
  });

  it('finds a word as typed when its stem is no prefix of it (onthaal, stemmed onthal)', () => {
    const documents = [doc(1, { title: 'Geïntegreerd breed onthaal in Zoersel' }), doc(2, { title: 'Wijkrestaurant' })];
    expect(Object.keys(scan(documents, 'onthaal').scores)).to.deep.equal(['1']);
    expect(Object.keys(scan(documents, 'Onthaal Zoersel').scores)).to.deep.equal(['1']);
    expect(scan(documents, 'onthaal').scores[1]).to.equal(FIELD_BOOSTS.title);
  });

  it('keeps the documents with every word, or any word when none has them all, and says which', () => {
    const documents = [doc(1, { title: 'mantelzorg gezinnen' }), doc(2, { title: 'mantelzorg' }), doc(3, { title: 'armoede' })];
    expect(scan(documents, 'mantelzorg gezin')).to.deep.equal({ scores: { 1: 2 * FIELD_BOOSTS.title }, allWords: true });
    expect(scan(documents, 'gezin armoede')).to.deep.equal({ scores: { 1: FIELD_BOOSTS.title, 3: FIELD_BOOSTS.title }, allWords: false });
  });

  it('answers a text of stop words as empty', () => {
    const outcome = scanDocuments(1, () => doc(1, { title: 'de het een' }), 'de het een');
    expect(outcome.empty).to.equal(true);
    expect(outcome.slots).to.have.length(0);
  });
});
