import { expect } from 'chai';
import { compoundAliasesOf, compoundPartsOf } from '../../../src/search/compound-aliases.js';
import { splitCompound } from '../../../src/search/decompound.js';
import { isDutchWord, isDutchWordForm } from '../../../src/search/lexicon.js';

describe('splitting Dutch compounds', () => {
  describe('by the Dutch word list (what the index adds to a practice)', () => {
    const cases: [string, string[]][] = [
      ['kinderarmoede', ['kinder', 'armoede']],
      ['mantelzorgondersteuning', ['mantelzorg', 'ondersteuning']],
      ['winteropvang', ['winter', 'opvang']],
      ['herstelrecht', ['herstel', 'recht']],
      // The linking -s- is not part of a part; the last part may be a plural.
      ['gezinscoaches', ['gezin', 'coaches']],
      ['ondersteuningspunten', ['ondersteuning', 'punten']],
      ['wijkverbeteringscontracten', ['wijk', 'verbetering', 'contracten']],
      ['samenwerkingsverbanden', ['samenwerking', 'verbanden']],
      ['woonleefwijzer', ['woon', 'leef', 'wijzer']],
    ];
    for (const [word, parts] of cases) {
      it(`splits '${word}' into ${parts.join(' + ')}`, () => {
        expect(compoundPartsOf(word)).to.deep.equal(parts);
      });
    }

    it('leaves words that are no compounds whole', () => {
      for (const word of ['armoede', 'gemeente', 'bereiken', 'organisatie', 'ondersteuning']) expect(compoundPartsOf(word), word).to.equal(undefined);
    });

    it('does not split a word of the list into a short piece and a rest (ver + zoekers)', () => {
      expect(isDutchWordForm('verzoekers')).to.equal(true);
      expect(compoundPartsOf('verzoekers')).to.equal(undefined);
    });

    it('reads the word list folded: accents and the ĳ ligature of OpenTaal as a user types them', () => {
      expect(isDutchWord('vlaanderen')).to.equal(true);
      expect(isDutchWord('ijs')).to.equal(true);
      expect(isDutchWordForm('initiatieven')).to.equal(true);
      expect(isDutchWordForm('huizen')).to.equal(true);
    });

    it("gives the aliases field the parts and the hyphenated words joined ('Oost-Vlaanderen')", () => {
      const aliases = compoundAliasesOf('Kinderarmoede in Oost-Vlaanderen');
      expect(aliases.split('\n')).to.deep.equal(['oostvlaanderen', 'kinder armoede']);
    });
  });

  describe('by any judge of parts (what a query is split into: words the index knows)', () => {
    const known = new Set(['mantel', 'zorg', 'mantelzorg', 'beleid', 'woon', 'centrum']);
    const isPart = (part: string) => known.has(part);

    it('takes the fewest parts', () => {
      expect(splitCompound('mantelzorgbeleid', isPart)).to.deep.equal(['mantelzorg', 'beleid']);
    });

    it('accepts the linking letters -s-, -e- and -en- between parts', () => {
      expect(splitCompound('woonszorg', isPart)).to.deep.equal(['woon', 'zorg']);
      expect(splitCompound('woonenzorg', isPart)).to.deep.equal(['woon', 'zorg']);
    });

    it('finds no split when a piece is no part, and never splits a word into itself', () => {
      expect(splitCompound('zorgxbeleid', isPart)).to.equal(undefined);
      expect(splitCompound('zorg', isPart)).to.equal(undefined);
    });

    it('survives any string: empty, very long, non-letters', () => {
      for (const word of ['', 'a', 'x'.repeat(10_000), '💥💥💥💥💥💥', 'zorg'.repeat(50)]) expect(() => splitCompound(word, isPart)).not.to.throw();
    });
  });
});
