import { expect } from 'chai';

import { MUNICIPALITY_LIST } from '../../../src/domain/municipality-list.js';
import {
  DEFAULT_PAGE_SIZE,
  FACET_KEYS,
  MAX_PAGE_SIZE,
  type QueryProblem,
  type SearchQuery,
  effectiveSort,
  parseSearchQuery,
} from '../../../src/domain/search-query.js';

/** Parses and expects success. */
function accepted(raw: Record<string, unknown>): SearchQuery {
  const parsed = parseSearchQuery(raw);
  if (!parsed.ok) throw new Error(`expected ${JSON.stringify(raw)} to be accepted: ${JSON.stringify(parsed.problems)}`);
  return parsed.query;
}

/** Parses and expects failure. */
function rejected(raw: Record<string, unknown>): QueryProblem[] {
  const parsed = parseSearchQuery(raw);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(raw)} to be rejected, got ${JSON.stringify(parsed.query)}`);
  return parsed.problems;
}

// Words every Dutch message here uses and an English one would not.
const DUTCH = /\b(de|het|een|van|tot|gebruik|geef|kies|onbekende?|ongeldig|sorteer|op|maar)\b/i;

describe('parseSearchQuery', () => {
  describe('with no parameters', () => {
    const query = accepted({});

    it('searches for nothing, on page 1', () => {
      expect(query.q).to.equal('');
      expect(query.page).to.equal(1);
    });

    it('leaves the page size to the default of 20, at most 100', () => {
      expect(query.pageSize).to.equal(undefined);
      expect(DEFAULT_PAGE_SIZE).to.equal(20);
      expect(MAX_PAGE_SIZE).to.equal(100);
    });

    it('asks for no sort, so the effective sort decides', () => {
      expect(query.sort).to.equal(undefined);
    });

    it('filters on nothing', () => {
      for (const key of FACET_KEYS) {
        expect(query[key], key).to.deep.equal([]);
      }
    });
  });

  describe('the search text q', () => {
    it('is trimmed', () => {
      expect(accepted({ q: '  breed onthaal \n' }).q).to.equal('breed onthaal');
    });

    it('joins repeated values with a space instead of refusing them', () => {
      expect(accepted({ q: ['breed', 'onthaal'] }).q).to.equal('breed onthaal');
    });

    it('is cut to 500 characters', () => {
      const q = accepted({ q: 'a'.repeat(600) }).q;
      expect(q).to.have.length(500);
      expect(accepted({ q: `${'b'.repeat(500)}c` }).q).to.equal('b'.repeat(500));
    });

    it('keeps Lunr syntax, HTML and SQL as plain text for the search to deal with', () => {
      for (const q of ['title:foo', '<script>', "' OR 1=1 --", '*']) expect(accepted({ q }).q).to.equal(q);
    });

    it('refuses a value that is not text, in Dutch', () => {
      const [problem] = rejected({ q: { nested: 'x' } });
      expect(problem).to.deep.equal({ parameter: 'q', message: 'De parameter q heeft een ongeldige vorm.' });
    });
  });

  describe('page and pageSize', () => {
    it('reads whole numbers, also with spaces around them', () => {
      const query = accepted({ page: '3', pageSize: ' 50 ' });
      expect(query.page).to.equal(3);
      expect(query.pageSize).to.equal(50);
    });

    it('accepts a page size of exactly 100', () => {
      expect(accepted({ pageSize: '100' }).pageSize).to.equal(100);
    });

    it('refuses a page size over 100 with a Dutch message', () => {
      expect(rejected({ pageSize: '101' })).to.deep.equal([
        { parameter: 'pageSize', message: 'Het aantal resultaten per pagina moet een geheel getal van 1 tot 100 zijn.' },
      ]);
      expect(rejected({ pageSize: '10000000' })[0]!.parameter).to.equal('pageSize');
    });

    for (const page of ['0', '-1', '1.5', 'abc', '1e3', '0x10', '10001']) {
      it(`refuses page ${JSON.stringify(page)} with a Dutch message`, () => {
        const problems = rejected({ page });
        expect(problems).to.have.length(1);
        expect(problems[0]!.parameter).to.equal('page');
        expect(problems[0]!.message).to.equal('Het paginanummer moet een geheel getal van 1 tot 10000 zijn.');
      });
    }

    it('refuses a page given twice, naming the parameter', () => {
      expect(rejected({ page: ['1', '2'] })).to.deep.equal([{ parameter: 'page', message: 'Geef de parameter page maar één keer op.' }]);
    });

    it('refuses a page size given twice', () => {
      expect(rejected({ pageSize: ['10', '20'] })[0]).to.deep.equal({ parameter: 'pageSize', message: 'Geef de parameter pageSize maar één keer op.' });
    });
  });

  describe('sort', () => {
    for (const sort of ['relevance', 'newest', 'title'] as const) {
      it(`accepts ${sort}`, () => {
        expect(accepted({ sort }).sort).to.equal(sort);
      });
    }

    it('refuses an unknown sort with a Dutch message naming the choices', () => {
      expect(rejected({ sort: 'random' })).to.deep.equal([{ parameter: 'sort', message: 'Sorteer op relevance, newest of title.' }]);
    });

    it('refuses a sort given twice', () => {
      expect(rejected({ sort: ['title', 'newest'] })[0]!.message).to.equal('Geef de parameter sort maar één keer op.');
    });
  });

  describe('facet filters', () => {
    it('accepts one value as a list of one', () => {
      expect(accepted({ theme: 'breed-onthaal' }).theme).to.deep.equal(['breed-onthaal']);
    });

    it('accepts a repeated parameter as a list of values', () => {
      expect(accepted({ theme: ['breed-onthaal', 'netwerken'] }).theme).to.deep.equal(['breed-onthaal', 'netwerken']);
      expect(accepted({ targetGroup: ['landbouwers', 'mantelzorgers'] }).targetGroup).to.deep.equal(['landbouwers', 'mantelzorgers']);
      expect(accepted({ scale: ['lokaal', 'vlaams'] }).scale).to.deep.equal(['lokaal', 'vlaams']);
    });

    it('drops empty and duplicate values', () => {
      expect(accepted({ theme: ['netwerken', '', ' netwerken ', 'outreach'] }).theme).to.deep.equal(['netwerken', 'outreach']);
      expect(accepted({ province: '' }).province).to.deep.equal([]);
    });

    it('refuses an unknown theme with a Dutch message that quotes it', () => {
      expect(rejected({ theme: 'armoede' })).to.deep.equal([{ parameter: 'theme', message: 'Onbekend thema "armoede".' }]);
    });

    it('refuses the whole filter when one of its values is unknown', () => {
      expect(rejected({ theme: ['netwerken', 'bestaat-niet'] })[0]!.message).to.equal('Onbekend thema "bestaat-niet".');
    });

    it('shortens a very long unknown value in the message', () => {
      const [problem] = rejected({ theme: 'x'.repeat(300) });
      expect(problem!.message).to.equal(`Onbekend thema "${'x'.repeat(40)}…".`);
    });

    it('names each unknown value in the language of its facet', () => {
      expect(rejected({ targetGroup: 'boeren' })[0]!.message).to.equal('Onbekende doelgroep "boeren".');
      expect(rejected({ province: 'brussel' })[0]!.message).to.equal('Onbekende provincie "brussel".');
      expect(rejected({ lifeDomain: 'sport' })[0]!.message).to.equal('Onbekend levensdomein "sport".');
      expect(rejected({ scale: 'wereld' })[0]!.message).to.equal('Onbekende schaal "wereld".');
    });

    it('reports a problem for every bad parameter at once', () => {
      const problems = rejected({ theme: 'x', province: 'y', pageSize: '500' });
      expect(problems.map((p) => p.parameter)).to.have.members(['theme', 'province', 'pageSize']);
      for (const p of problems) expect(p.message, p.message).to.match(DUTCH);
    });

    it('accepts at most 50 values per filter', () => {
      const codes = MUNICIPALITY_LIST.map((m) => m.nisCode);
      expect(accepted({ municipality: codes.slice(0, 50) }).municipality).to.have.length(50);
      expect(rejected({ municipality: codes.slice(0, 51) })).to.deep.equal([
        { parameter: 'municipality', message: 'Kies hoogstens 50 waarden per filter.' },
      ]);
    });

    it('ignores parameters it does not know', () => {
      expect(accepted({ auteur: 'x', q: 'zorg' }).q).to.equal('zorg');
    });
  });

  describe('municipality', () => {
    it('accepts a NIS code: 11055 is Zoersel', () => {
      expect(accepted({ municipality: '11055' }).municipality).to.deep.equal(['11055']);
    });

    it('refuses a municipality name and explains to use the NIS code, in Dutch', () => {
      expect(rejected({ municipality: 'Zoersel' })).to.deep.equal([
        { parameter: 'municipality', message: 'Onbekende gemeente "Zoersel": gebruik de NIS-code, bijvoorbeeld 11002 voor Antwerpen.' },
      ]);
    });

    it('refuses a five-digit code that is no Flemish municipality (Brussels, Wallonia, made up)', () => {
      for (const code of ['21004', '62063', '99999', '1105']) expect(rejected({ municipality: code })[0]!.parameter, code).to.equal('municipality');
    });
  });

  describe('startYear', () => {
    it('accepts four-digit years from 1990 to 2100, as text', () => {
      expect(accepted({ startYear: ['2021', '1990', '2100'] }).startYear).to.deep.equal(['2021', '1990', '2100']);
    });

    for (const year of ['1989', '2101', '20211', '21', 'abc', '2021.0']) {
      it(`refuses ${JSON.stringify(year)} with a Dutch message naming the range`, () => {
        expect(rejected({ startYear: year })).to.deep.equal([
          { parameter: 'startYear', message: `Ongeldig beginjaar "${year}": gebruik een jaartal van 1990 tot 2100.` },
        ]);
      });
    }
  });

  describe('evidenceLevel', () => {
    it('accepts the levels of the ladder and nog-niet-beoordeeld, repeated as OR', () => {
      expect(accepted({ evidenceLevel: ['geevalueerd', 'overgenomen', 'nog-niet-beoordeeld'] }).evidenceLevel).to.deep.equal([
        'geevalueerd',
        'overgenomen',
        'nog-niet-beoordeeld',
      ]);
    });

    for (const level of ['geëvalueerd', 'Geevalueerd', 'geen', 'evidence-based']) {
      it(`refuses ${JSON.stringify(level)} with a Dutch message naming every value it accepts`, () => {
        expect(rejected({ evidenceLevel: level })).to.deep.equal([
          {
            parameter: 'evidenceLevel',
            message: `Onbekende stand van de praktijk "${level}": gebruik beschreven, onderbouwd, geevalueerd, overgenomen, nog-niet-beoordeeld.`,
          },
        ]);
      });
    }
  });

  for (const flag of ['hasContact', 'hasMaterials'] as const) {
    describe(flag, () => {
      it('accepts true, also given twice', () => {
        expect(accepted({ [flag]: 'true' })[flag]).to.deep.equal(['true']);
        expect(accepted({ [flag]: ['true', 'true'] })[flag]).to.deep.equal(['true']);
      });

      it('treats an empty value as no filter, as an unticked checkbox would', () => {
        expect(accepted({ [flag]: '' })[flag]).to.deep.equal([]);
      });

      // false would be ambiguous (without, or no filter?): it is named rather than guessed at.
      for (const value of ['false', '1', 'ja', 'TRUE', 'on']) {
        it(`refuses ${JSON.stringify(value)} with a Dutch message saying to use ${flag}=true`, () => {
          const problems = rejected({ [flag]: value });
          expect(problems).to.deep.equal([
            { parameter: flag, message: `Ongeldige waarde "${value}" voor ${flag}: gebruik ${flag}=true, of laat de parameter weg.` },
          ]);
          expect(problems[0]?.message).to.match(DUTCH);
        });
      }
    });
  }
});

describe('effectiveSort', () => {
  it('sorts a text search by relevance', () => {
    expect(effectiveSort({ q: 'onthaal', sort: undefined })).to.equal('relevance');
  });

  it('sorts browsing without a text newest first', () => {
    expect(effectiveSort({ q: '', sort: undefined })).to.equal('newest');
    expect(effectiveSort(accepted({}))).to.equal('newest');
  });

  it('follows the sort that was asked for, with or without a text', () => {
    expect(effectiveSort({ q: '', sort: 'title' })).to.equal('title');
    expect(effectiveSort({ q: 'onthaal', sort: 'newest' })).to.equal('newest');
    expect(effectiveSort({ q: '', sort: 'relevance' })).to.equal('relevance');
  });

  it('treats a search text of only spaces as browsing', () => {
    expect(effectiveSort(accepted({ q: '   ' }))).to.equal('newest');
  });
});
