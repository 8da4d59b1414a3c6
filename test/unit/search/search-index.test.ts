import { expect } from 'chai';

import { municipalityByCode } from '../../../src/domain/municipalities.js';
import { type PracticeInput, SECTION_KEYS, provincesOf } from '../../../src/domain/practice.js';
import { LIFE_DOMAINS, PROVINCES, TARGET_GROUPS, THEMES, labelOf } from '../../../src/domain/vocabulary.js';
import { indexTermOf } from '../../../src/search/dutch-pipeline.js';
import { queryTermsOf } from '../../../src/search/query.js';
import type { SearchDocument } from '../../../src/search/search-document.js';
import { SearchIndex } from '../../../src/search/search-index.js';
import { seedRecords } from '../fixtures.js';

/** A seed record as the index sees it: its texts, and the labels of its tags as words. */
function documentOf(id: number, input: PracticeInput): SearchDocument {
  const tags = [
    ...input.themes.map((v) => labelOf(THEMES, v)),
    ...input.targetGroups.map((v) => labelOf(TARGET_GROUPS, v)),
    ...input.lifeDomains.map((v) => labelOf(LIFE_DOMAINS, v)),
    ...input.municipalities.map((code) => municipalityByCode(code)?.name ?? ''),
    ...provincesOf(input).map((v) => labelOf(PROVINCES, v)),
    ...input.partners,
  ];
  const body = SECTION_KEYS.map((key) => input.sections[key]).filter(Boolean).join('\n\n');
  return { id, title: input.title, summary: input.summary, body, tags: tags.join('\n') };
}

const records = seedRecords();
const slugById = new Map(records.map((r, i) => [i + 1, r.slug]));
const index = SearchIndex.build(records.map((r, i) => documentOf(i + 1, r.input)));

/** The slugs of the practices a search finds, best first. */
function slugsFor(text: string): string[] {
  return index.search(text).hits.map((hit) => slugById.get(hit.id) ?? `unknown id ${hit.id}`);
}

describe('SearchIndex over the seed catalogue', () => {
  it('holds all sixteen seed practices', () => {
    expect(records).to.have.length(16);
    expect(slugsFor('de')).to.deep.equal([]); // sanity: a stop word finds nothing
    // Every seed practice can be found by a word of its own title.
    for (const [id, slug] of slugById) {
      const title = records[id - 1]!.input.title;
      expect(slugsFor(title), slug).to.include(slug);
    }
  });

  describe('words and their forms', () => {
    it('finds the Zoersel practice first for "geintegreerd breed onthaal", typed without the diaeresis', () => {
      const slugs = slugsFor('geintegreerd breed onthaal');
      expect(slugs[0]).to.equal('gbo-zoersel');
    });

    it('finds the Zoersel practice for "Geïntegreerd Breed Onthaal" with capitals and the diaeresis', () => {
      expect(slugsFor('Geïntegreerd Breed Onthaal')[0]).to.equal('gbo-zoersel');
    });

    it('finds the Zoersel practice for the abbreviation GBO, which its text never uses (synonym list)', () => {
      expect(records.find((r) => r.slug === 'gbo-zoersel')!.input.summary).to.not.match(/\bGBO\b/);
      expect(slugsFor('GBO')).to.deep.equal(['gbo-zoersel']);
      expect(slugsFor('gbo')).to.deep.equal(['gbo-zoersel']);
    });

    it('finds the CAW practice for "centrum algemeen welzijnswerk", the words behind the abbreviation', () => {
      expect(slugsFor('centrum algemeen welzijnswerk')[0]).to.equal('gezinscoaches-antwerpen');
    });

    it('finds the practice "Eén gezin, één plan" for its abbreviation 1G1P', () => {
      expect(slugsFor('1G1P')).to.deep.equal(['een-gezin-een-plan']);
    });

    it('finds a practice that names only "informele zorg" when searching for "mantelzorg" (synonym list)', () => {
      const slugs = slugsFor('mantelzorg');
      expect(slugs).to.include('buurtgerichte-zorg-limburg');
      expect(slugs).to.include('zorgnetwerken-west-vlaanderen');
    });

    const everydayWords: [string, string][] = [
      ['vluchtelingen', 'elektronisch-sociaal-dossier-vib'],
      ['asielzoeker', 'elektronisch-sociaal-dossier-vib'],
      ['rusthuizen', 'woonleefwijzer-woonzorgcentra'],
      ['boeren', 'landbouwers-diksmuide'],
      ['crèche', 'noodopvang-kinderopvang'],
      ['BKO', 'lerend-netwerk-buitenschoolse-opvang'],
    ];
    for (const [word, slug] of everydayWords) {
      it(`finds ${slug} for the everyday word "${word}", which its text never uses (synonym list)`, () => {
        expect(slugsFor(word)).to.include(slug);
      });
    }

    it('finds the singular in the plural and the plural in the singular', () => {
      // The Diksmuide practice only ever says "landbouwers".
      expect(slugsFor('landbouwer')).to.deep.equal(['landbouwers-diksmuide']);
      expect(slugsFor('landbouwers')).to.deep.equal(['landbouwers-diksmuide']);
      // "gezinnen" finds the practice whose title says "gezin" (and it comes first: the title counts most).
      expect(slugsFor('gezinnen')[0]).to.equal('een-gezin-een-plan');
      // "organisaties" (only in the Antwerp practice) and "organisatie" (two others) find one another.
      const plural = slugsFor('organisaties');
      const singular = slugsFor('organisatie');
      expect(plural).to.have.members(['gezinscoaches-antwerpen', 'lerend-netwerk-buitenschoolse-opvang', 'noodopvang-kinderopvang']);
      expect(singular).to.have.members(plural);
    });

    it('counts a plural as an exact match of the singular, not only as a near miss', () => {
      const hit = index.search('organisaties').hits.find((h) => slugById.get(h.id) === 'noodopvang-kinderopvang');
      expect(hit, 'noodopvang-kinderopvang is found').to.not.equal(undefined);
      expect([...hit!.matchedTerms]).to.include(indexTermOf('organisaties'));
    });

    const typos: [string, string][] = [
      ['zoersl', 'gbo-zoersel'],
      ['zoerzel', 'gbo-zoersel'],
      ['landbouwrs', 'landbouwers-diksmuide'],
      ['diksmuyde', 'landbouwers-diksmuide'],
      ['overkophuisen', 'overkophuizen'],
      ['woonleefwyzer', 'woonleefwijzer-woonzorgcentra'],
      ['wijkverbeteringscontrakten', 'wijkverbeteringscontracten'],
    ];
    for (const [typo, slug] of typos) {
      it(`forgives the typo "${typo}" and finds ${slug}`, () => {
        expect(slugsFor(typo)[0]).to.equal(slug);
      });
    }

    it('forgives a swapped pair of letters in a long word: "mantelzrog" finds the informal care practices', () => {
      expect(slugsFor('mantelzrog')).to.have.members(['buurtgerichte-zorg-limburg', 'zorgnetwerken-west-vlaanderen']);
    });

    it('matches the start of a word: "onth" finds onthaal, "landb" finds landbouwers', () => {
      expect(slugsFor('onth')).to.deep.equal(['gbo-zoersel']);
      expect(slugsFor('landb')).to.deep.equal(['landbouwers-diksmuide']);
    });

    it('does not treat two letters as a prefix of every word', () => {
      expect(index.search('on').hits.length).to.be.lessThan(records.length);
    });
  });

  describe('ranking', () => {
    it('ranks a practice with the word in its title above one with the word only in its text', () => {
      // "decreet": title of the out-of-school childcare network, only the text of the Zoersel practice.
      const decreet = slugsFor('decreet');
      expect(decreet).to.include('gbo-zoersel');
      expect(decreet[0]).to.equal('lerend-netwerk-buitenschoolse-opvang');
      // "dossier": only the title of the electronic social dossier mentions it.
      expect(slugsFor('dossier')[0]).to.equal('elektronisch-sociaal-dossier-vib');
    });

    it('ranks the title over the body for the same text, all else equal', () => {
      const small = SearchIndex.build([
        { id: 1, title: 'Een project', summary: 'Over het project.', body: 'Vrijwilligers bezoeken ouderen thuis.', tags: '' },
        { id: 2, title: 'Vrijwilligers', summary: 'Over het project.', body: 'Een project bezoekt ouderen thuis.', tags: '' },
      ]);
      expect(small.search('vrijwilligers').hits.map((h) => h.id)).to.deep.equal([2, 1]);
    });

    it('weighs the fields: title, then summary, then tags, then body', () => {
      const filler = 'bezoeken ouderen thuis samen';
      const word = 'vrijwilligers bezoeken ouderen thuis';
      const doc = (id: number, field: 'title' | 'summary' | 'tags' | 'body'): SearchDocument => ({
        id,
        title: filler,
        summary: filler,
        tags: filler,
        body: filler,
        [field]: word,
      });
      const small = SearchIndex.build([doc(1, 'body'), doc(2, 'tags'), doc(3, 'summary'), doc(4, 'title')]);
      expect(small.search('vrijwilligers').hits.map((h) => h.id)).to.deep.equal([4, 3, 2, 1]);
    });

    it('ranks an exact word above a word it only starts', () => {
      const small = SearchIndex.build([
        // Not a compound: a compound's parts are found as words of their own (compound-aliases.ts).
        { id: 1, title: 'Zorgzaam', summary: 'Een netwerk.', body: '', tags: '' },
        { id: 2, title: 'Zorg', summary: 'Een netwerk.', body: '', tags: '' },
      ]);
      const hits = small.search('zorg').hits;
      expect(hits.map((h) => h.id)).to.deep.equal([2, 1]);
      expect(hits[0]!.score).to.be.greaterThan(hits[1]!.score);
    });

    it('gives every hit a positive score, best first', () => {
      const hits = index.search('kwetsbare gezinnen').hits;
      expect(hits.length).to.be.greaterThan(0);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).to.be.at.least(hits[i]!.score);
      for (const hit of hits) expect(hit.score).to.be.greaterThan(0);
    });
  });

  describe('several words', () => {
    it('returns only practices holding every word when there are any', () => {
      const outcome = index.search('kwetsbare gezinnen');
      expect(outcome.allWords).to.equal(true);
      expect(outcome.hits.map((h) => slugById.get(h.id))).to.deep.equal(['gezinscoaches-antwerpen']);
    });

    it('falls back to practices holding any word, and says so, when none holds them all', () => {
      const outcome = index.search('Zoersel Diksmuide');
      expect(outcome.allWords).to.equal(false);
      expect(outcome.hits.map((h) => slugById.get(h.id))).to.have.members(['gbo-zoersel', 'landbouwers-diksmuide']);
    });

    it('ignores stop words between the words that matter', () => {
      expect(slugsFor('het hulpaanbod voor de landbouwers van Diksmuide')).to.deep.equal(['landbouwers-diksmuide']);
    });

    it('reports which index terms each hit matched, for highlighting', () => {
      const hit = index.search('breed onthaal').hits[0]!;
      expect(slugById.get(hit.id)).to.equal('gbo-zoersel');
      expect([...hit.matchedTerms]).to.include.members([indexTermOf('breed'), indexTermOf('onthaal')]);
    });
  });

  describe('a query with no usable word', () => {
    for (const text of ['', '   ', 'de het een en van', '?!', '😀']) {
      it(`answers ${JSON.stringify(text)} with no hits, marked empty`, () => {
        expect(index.search(text)).to.deep.equal({ hits: [], allWords: true, empty: true });
      });
    }

    it('answers a real word that nothing holds with no hits, not marked empty', () => {
      const outcome = index.search('kernfusie');
      expect(outcome.hits).to.deep.equal([]);
      expect(outcome.empty).to.equal(false);
    });
  });

  describe('hostile and odd input', () => {
    const nasty: [string, string][] = [
      ['a field query', 'title:foo'],
      ['a field query on a real word', 'title:zorg'],
      ['an unknown field', 'auteur:x'],
      ['a boost', 'foo^10'],
      ['an edit distance', 'foo~2'],
      ['a lone wildcard', '*'],
      ['a leading wildcard', '*zorg'],
      ['a trailing wildcard', 'zorg*'],
      ['presence operators', '+foo -bar'],
      ['a required and an excluded real word', '+zorg -gezin'],
      ['a quoted phrase', '"quoted"'],
      ['a lone colon', ':'],
      ['a lone caret', '^'],
      ['a lone tilde', '~'],
      ['a lone minus', '-'],
      ['a lone plus', '+'],
      ['a backslash', '\\'],
      ['an emoji', '😀'],
      ['an emoji with a joiner next to a word', '🏳️‍🌈 zorg'],
      ['a lone surrogate', '\uD800'],
      ['a NUL character', '\u0000'],
      ['10 000 characters of one letter', 'x'.repeat(10_000)],
      ['10 000 characters of words', 'zorg welzijn '.repeat(834).slice(0, 10_000)],
      ['only spaces', ' '.repeat(50)],
      ['only punctuation', '!@#$%&*()_+=[]{};:",.<>/?|'],
      ['an HTML script tag', '<script>alert("x")</script>'],
      ['an SQL injection', "' OR 1=1 --"],
      ['object property names', 'constructor __proto__ hasOwnProperty toString'],
      ['a regular expression', '.*(a+)+$'],
    ];
    for (const [what, text] of nasty) {
      it(`does not throw on ${what} (${JSON.stringify(text.length > 30 ? `${text.slice(0, 30)}…` : text)})`, () => {
        const outcome = index.search(text);
        expect(outcome.hits).to.be.an('array');
        expect(outcome.allWords).to.be.a('boolean');
        expect(outcome.empty).to.be.a('boolean');
        for (const hit of outcome.hits) expect(slugById.has(hit.id), `hit ${hit.id}`).to.equal(true);
      });
    }

    it('reads Lunr syntax as plain words: "title:zorg" looks for the words title and zorg', () => {
      expect(queryTermsOf('title:zorg')).to.deep.equal([indexTermOf('title'), 'zorg']);
      expect(queryTermsOf('+zorg -gezin')).to.deep.equal(['zorg', 'gezin']);
      expect(queryTermsOf('zorg~2 onthaal^10')).to.deep.equal(['zorg', '2', indexTermOf('onthaal'), '10']);
    });

    it('does not exclude a word written with a minus: "-gezin" still finds the family practices', () => {
      expect(slugsFor('-gezin')).to.include('een-gezin-een-plan');
    });

    it('does not match everything for a wildcard', () => {
      expect(index.search('*').hits).to.deep.equal([]);
    });

    it('uses at most twelve distinct words, each at most forty characters long', () => {
      const many = Array.from({ length: 30 }, (_, i) => `woord${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
      expect(queryTermsOf(many)).to.have.length(12);
      expect(queryTermsOf('x'.repeat(10_000))).to.deep.equal(['x'.repeat(40)]);
      expect(queryTermsOf('zorg zorg Zorg ZORG')).to.deep.equal(['zorg']);
    });

    it('answers the costliest query the search box allows within a second', function () {
      this.timeout(10_000);
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      let seed = 42;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const word = (length: number) => Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join('');
      // Twelve long words nothing holds: each goes through prefix and fuzzy matching, twice.
      for (const length of [12, 16, 20, 24, 40]) {
        const text = Array.from({ length: 12 }, () => word(length)).join(' ').slice(0, 500);
        const started = performance.now();
        index.search(text);
        const elapsed = performance.now() - started;
        expect(elapsed, `12 words of ${length} letters took ${Math.round(elapsed)} ms`).to.be.lessThan(1000);
      }
    });
  });

  describe('building', () => {
    it('builds an empty index that finds nothing', () => {
      const empty = SearchIndex.build([]);
      expect(empty.search('zorg')).to.deep.equal({ hits: [], allWords: true, empty: false });
    });

    it('finds only the documents it was built from', () => {
      const published = records.filter((r) => r.slug !== 'gbo-zoersel');
      const partial = SearchIndex.build(published.map((r) => documentOf(records.indexOf(r) + 1, r.input)));
      expect(partial.search('geintegreerd breed onthaal').hits.map((h) => slugById.get(h.id))).to.not.include('gbo-zoersel');
      expect(partial.search('Zoersel').hits).to.deep.equal([]);
    });

    it('finds a document by the words of its tags', () => {
      // Zoersel's practice is tagged with the Antwerp province, which its texts never name.
      expect(slugsFor('Antwerpen')).to.include('gbo-zoersel');
      // No seed practice is in Oost-Vlaanderen: what comes back holds only "Vlaanderen", and says so.
      const east = index.search('Oost-Vlaanderen');
      expect(east.allWords).to.equal(false);
      expect(east.hits.map((h) => slugById.get(h.id))).to.not.include('gbo-zoersel');
    });
  });
});
