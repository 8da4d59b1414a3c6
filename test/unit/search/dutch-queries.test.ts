// How a query in a civil servant's words meets the index: compounds both ways, typos on the word as
// typed, place names as one unit, more words before a higher score, synonyms, side by side.
import { expect } from 'chai';
import { adjacentPairsOf, sideBySideShare } from '../../../src/search/proximity.js';
import { SearchIndex } from '../../../src/search/search-index.js';
import { SynonymSet } from '../../../src/search/synonym-set.js';

const doc = (id: number, title: string, summary = '', body = '', tags = '') => ({ id, title, summary, body, tags });
const ids = (index: SearchIndex, text: string, synonyms?: SynonymSet) => index.search(text, synonyms).hits.map((h) => h.id);

describe('Dutch queries against the index', () => {
  const index = SearchIndex.build([
    doc(1, 'Aanpak van kinderarmoede', 'Gezinnen in armoede krijgen steun.'),
    doc(2, 'Armoede bij kinderen voorkomen', 'Een project met scholen.'),
    doc(3, 'Nieuw woonzorgcentrum', 'Bewoners kiezen mee.'),
    doc(4, 'Woonzorg aan huis', 'Zorg in een centrum voor dagopvang.'),
    doc(5, 'Mantelzorgers ondersteunen', 'Een café voor mantelzorgers.'),
    doc(6, 'Gezinscoaches in de wijk', 'Coaching van kwetsbare gezinnen.'),
    doc(7, 'Zorgnetwerk', 'Een netwerk in Oost-Vlaanderen.'),
    doc(8, 'Vrijwilligers in Vlaanderen', 'Overal in Vlaanderen.'),
    doc(9, 'Winteropvang voor daklozen', 'Een warme plek.'),
    doc(10, 'Kinderopvang in de buurt', 'Opvang voor baby’s.'),
  ]);

  it("finds a compound's practice by its parts typed apart ('armoede bij kinderen' → kinderarmoede)", () => {
    expect(ids(index, 'armoede kinderen')).to.include.members([1, 2]);
  });

  it('finds the parts typed together (kinderarmoede → armoede bij kinderen), the whole compound first', () => {
    expect(ids(index, 'kinderarmoede').slice(0, 2)).to.deep.equal([1, 2]);
  });

  it("splits an unknown compound into known parts ('mantelzorgondersteuning')", () => {
    expect(ids(index, 'mantelzorgondersteuning')).to.deep.equal([5]);
  });

  it("joins words typed apart ('woon zorg centrum' → woonzorgcentrum), among the first", () => {
    expect(ids(index, 'woon zorg centrum').slice(0, 2)).to.include(3);
  });

  it("matches a typo on the word as typed, before stemming ('gezinscoahces')", () => {
    const outcome = index.search('gezinscoahces');
    expect(outcome.hits.map((h) => h.id)).to.deep.equal([6]);
  });

  it("does not correct a word the index knows ('winteropvang' stays winteropvang, not kinderopvang)", () => {
    expect(ids(index, 'winteropvang')).to.deep.equal([9]);
  });

  it("keeps a hyphenated place name one unit: 'Oost-Vlaanderen' does not fall back to every Vlaanderen", () => {
    expect(ids(index, 'Oost-Vlaanderen')).to.deep.equal([7]);
    expect(ids(index, 'oost vlaanderen')).to.deep.equal([7]);
    expect(ids(index, 'zwembad oost-vlaanderen')).to.deep.equal([7]);
  });

  it('ranks practices holding more of the words first when none holds them all', () => {
    // 5 holds 'mantelzorgers' and 'café'; 10 only 'opvang'-like words; nobody holds 'zwembad'.
    const hits = ids(index, 'mantelzorgers café zwembad');
    expect(hits[0]).to.equal(5);
  });

  it('searches a synonym of a word, and a typo of a synonym', () => {
    const synonyms = new SynonymSet([['daklozen', 'thuislozen'], ['mantelzorg', 'mantelzorgers', 'informele zorg']]);
    expect(ids(index, 'thuislozen', synonyms)).to.deep.equal([9]);
    expect(ids(index, 'thuislzoen', synonyms)).to.deep.equal([9]);
    expect(ids(index, 'informele zorg', synonyms)).to.include(5);
    expect(ids(index, 'thuislozen', new SynonymSet([]))).to.deep.equal([]);
  });
});

describe('words side by side', () => {
  it("counts the query's neighbouring pairs that stand side by side in a text", () => {
    const pairs = adjacentPairsOf('breed onthaal zoersel');
    expect(pairs).to.have.length(2);
    // Stop words are no words here, in the query as in the text: 'onthaal in Zoersel' is side by side.
    expect(sideBySideShare(pairs, 'Geïntegreerd breed onthaal in Zoersel')).to.equal(1);
    expect(sideBySideShare(pairs, 'Breed onthaal, ook buiten Zoersel')).to.equal(0.5);
    expect(sideBySideShare(pairs, 'Onthaal voor een breed publiek')).to.equal(0);
    expect(sideBySideShare(adjacentPairsOf('onthaal'), 'onthaal')).to.equal(0);
  });
});
