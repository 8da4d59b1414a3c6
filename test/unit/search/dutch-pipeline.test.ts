import { expect } from 'chai';

import { foldAccents, indexTermOf, lunr, useDutch, wordsOf } from '../../../src/search/dutch-pipeline.js';
import { seedRecords } from '../fixtures.js';

const words = (text: string) => [...wordsOf(text)].map((w) => w.word);

/** The terms Lunr itself stores for a text indexed with the Dutch pipeline. */
function lunrTermsOf(text: string): Set<string> {
  const index = lunr(function () {
    useDutch(this);
    this.ref('id');
    this.field('body');
    this.add({ id: '1', body: text });
  });
  return new Set(Object.keys((index as unknown as { invertedIndex: Record<string, unknown> }).invertedIndex));
}

describe('the Dutch text pipeline', () => {
  describe('foldAccents', () => {
    it('strips diacritics and lower-cases: Geïntegreerd → geintegreerd, crèche → creche, België → belgie', () => {
      expect(foldAccents('Geïntegreerd')).to.equal('geintegreerd');
      expect(foldAccents('crèche')).to.equal('creche');
      expect(foldAccents('België')).to.equal('belgie');
      expect(foldAccents('Eén')).to.equal('een');
    });

    it('also folds an ï typed as i plus a combining diaeresis, as text pasted from a PDF often is', () => {
      expect(foldAccents('gei\u0308ntegreerd')).to.equal('geintegreerd');
    });
  });

  describe('indexTermOf', () => {
    const accentPairs: [string, string][] = [
      ['geintegreerd', 'geïntegreerd'],
      ['GEINTEGREERD', 'Geïntegreerd'],
      ['creche', 'crèche'],
      ['residentiele', 'residentiële'],
      ['geinterneerden', 'geïnterneerden'],
      ['Belgie', 'België'],
    ];
    for (const [plain, accented] of accentPairs) {
      it(`gives "${plain}" and "${accented}" the same term, so either spelling finds the other`, () => {
        const term = indexTermOf(plain);
        expect(term).to.be.a('string').and.not.equal('');
        expect(indexTermOf(accented)).to.equal(term);
      });
    }

    const pluralPairs: [string, string][] = [
      ['gezin', 'gezinnen'],
      ['landbouwer', 'landbouwers'],
      ['mantelzorger', 'mantelzorgers'],
      ['organisatie', 'organisaties'],
      ['gezinscoach', 'gezinscoaches'],
      ['wijk', 'wijken'],
      ['dader', 'daders'],
      ['slachtoffer', 'slachtoffers'],
      ['project', 'projecten'],
      ['netwerk', 'netwerken'],
      ['dienst', 'diensten'],
      ['school', 'scholen'],
      ['subsidie', 'subsidies'],
      // Forms the Snowball stemmer keeps apart and the smoothing step joins.
      ['gemeente', 'gemeentes'],
      ['vakantieperiode', 'vakantieperiodes'],
      ['huis', 'huizen'],
      ['initiatief', 'initiatieven'],
      ['woonzorgcentrum', 'woonzorgcentra'],
      ['kind', 'kinderen'],
    ];
    for (const [singular, plural] of pluralPairs) {
      it(`gives the singular "${singular}" and the plural "${plural}" the same term`, () => {
        const term = indexTermOf(singular);
        expect(term).to.be.a('string').and.not.equal('');
        expect(indexTermOf(plural)).to.equal(term);
      });
    }

    it('keeps different words apart while stemming', () => {
      expect(indexTermOf('gezin')).to.not.equal(indexTermOf('gezond'));
      expect(indexTermOf('landbouwer')).to.not.equal(indexTermOf('landbouw'));
      expect(indexTermOf('zorg')).to.not.equal(indexTermOf('zorgnetwerken'));
    });

    for (const stopWord of ['de', 'het', 'een', 'en', 'van', 'in', 'voor', 'met', 'De', 'HET', 'Een']) {
      it(`drops the stop word "${stopWord}"`, () => {
        expect(indexTermOf(stopWord)).to.equal(undefined);
      });
    }

    it('keeps the content words around the stop words', () => {
      expect(indexTermOf('onthaal')).to.be.a('string').and.not.equal('');
      expect(indexTermOf('Zoersel')).to.equal('zoersel');
    });

    it('keeps abbreviations and numbers as lower-cased terms', () => {
      expect(indexTermOf('CAW')).to.equal('caw');
      expect(indexTermOf('GBO')).to.equal('gbo');
      expect(indexTermOf('2021')).to.equal('2021');
    });

    it('gives no term for an empty word', () => {
      expect(indexTermOf('')).to.equal(undefined);
    });
  });

  describe('wordsOf', () => {
    const splits: [string, string[]][] = [
      ['OCMW/CAW', ['OCMW', 'CAW']],
      ['zorg,welzijn', ['zorg', 'welzijn']],
      ['West-Vlaanderen', ['West', 'Vlaanderen']],
      ['CAW-gezinscoaches in Antwerpen', ['CAW', 'gezinscoaches', 'in', 'Antwerpen']],
      ['Woonleefwijzer.be', ['Woonleefwijzer', 'be']],
      ['(projecten 2021-2025)', ['projecten', '2021', '2025']],
      ['‘Music is the answer’ (VVSG en Vi.be)', ['Music', 'is', 'the', 'answer', 'VVSG', 'en', 'Vi', 'be']],
      ["baby's", ['baby', 's']],
      ['zorg;welzijn:wonen!werk?', ['zorg', 'welzijn', 'wonen', 'werk']],
      ['naam@gemeente.be', ['naam', 'gemeente', 'be']],
    ];
    for (const [text, expected] of splits) {
      it(`splits ${JSON.stringify(text)} into ${JSON.stringify(expected)}`, () => {
        expect(words(text)).to.deep.equal(expected);
      });
    }

    it('keeps accented letters inside the word, composed or decomposed', () => {
      expect(words('Geïntegreerd breed onthaal')).to.deep.equal(['Geïntegreerd', 'breed', 'onthaal']);
      expect(words('gei\u0308ntegreerd onthaal')).to.deep.equal(['gei\u0308ntegreerd', 'onthaal']);
    });

    it('tells where each word stands, so the original text can be cut around it', () => {
      const text = 'Eén gezin, één plan (1G1P)';
      const found = [...wordsOf(text)];
      expect(found.map((w) => w.word)).to.deep.equal(['Eén', 'gezin', 'één', 'plan', '1G1P']);
      for (const w of found) expect(text.slice(w.start, w.end)).to.equal(w.word);
    });

    it('finds no words in whitespace or punctuation', () => {
      expect(words('')).to.deep.equal([]);
      expect(words('   \t\n ')).to.deep.equal([]);
      expect(words('!?.,;:-/\\()[]{}"\'*^~+')).to.deep.equal([]);
    });

    it('treats emoji as separators that yield no index term', () => {
      expect(words('zorg😀welzijn')).to.deep.equal(['zorg', 'welzijn']);
      // The variation selector in 🏳️‍🌈 is a combining mark and comes out as a "word", but it has no term.
      const terms = words('😀 🏳️‍🌈').map((w) => indexTermOf(w));
      expect(terms.filter((t) => t !== undefined)).to.deep.equal([]);
    });
  });

  describe('the Lunr index built with useDutch', () => {
    it('splits on slashes, commas and hyphens just like wordsOf', () => {
      const terms = lunrTermsOf('OCMW/CAW zorg,welzijn West-Vlaanderen');
      for (const term of ['ocmw', 'caw', 'zorg', 'welzijn', 'west', indexTermOf('Vlaanderen')]) expect(terms).to.include(term);
      expect([...terms].some((t) => /[^\p{L}\p{N}]/u.test(t)), [...terms].join(' ')).to.equal(false);
    });

    it('stores exactly the terms that wordsOf and indexTermOf give for every seed text, so highlighting agrees with search', () => {
      for (const { slug, input } of seedRecords()) {
        const text = [input.title, input.summary, ...Object.values(input.sections)].filter(Boolean).join('\n');
        const expected = new Set<string>();
        for (const { word } of wordsOf(text)) {
          const term = indexTermOf(word);
          if (term) expected.add(term);
        }
        expect([...lunrTermsOf(text)].sort(), slug).to.deep.equal([...expected].sort());
      }
    });

    it('leaves stop words out of the index', () => {
      const terms = lunrTermsOf('de zorg van het gezin en een plan');
      expect([...terms].sort()).to.deep.equal([indexTermOf('gezin'), 'plan', 'zorg'].sort());
    });
  });
});
