import { expect } from 'chai';

import { indexTermOf, wordsOf } from '../../../src/search/dutch-pipeline.js';
import { type SnippetSegment, snippetOf } from '../../../src/search/snippet.js';
import { seedRecords } from '../fixtures.js';

/** The index terms of the words a user typed, as the search index reports them for a hit. */
function termsOf(...typed: string[]): Set<string> {
  return new Set(typed.map((word) => indexTermOf(word)).filter((t): t is string => t !== undefined));
}

const marked = (segments: SnippetSegment[]) => segments.filter((s) => s.match).map((s) => s.text);
const joined = (segments: SnippetSegment[]) => segments.map((s) => s.text).join('');
const wordCount = (text: string) => [...wordsOf(text)].length;

/** A text of n numbered filler words, each recognisable: "woord0 woord1 …". */
const filler = (n: number, stem = 'woord') => Array.from({ length: n }, (_, i) => `${stem}${i}`).join(' ');

const seed = (slug: string) => {
  const record = seedRecords().find((r) => r.slug === slug);
  if (!record) throw new Error(`no seed ${slug}`);
  return record.input;
};

describe('snippetOf', () => {
  it('marks the words whose index term matched, and only those', () => {
    const segments = snippetOf('Geïntegreerd breed onthaal in Zoersel', termsOf('onthaal', 'Zoersel'));
    expect(segments).to.deep.equal([
      { text: 'Geïntegreerd breed ', match: false },
      { text: 'onthaal', match: true },
      { text: ' in ', match: false },
      { text: 'Zoersel', match: true },
    ]);
  });

  it('marks a word typed without its accent in the text that has it, keeping the text as written', () => {
    const segments = snippetOf('Geïntegreerd breed onthaal in Zoersel', termsOf('geintegreerd'));
    expect(marked(segments)).to.deep.equal(['Geïntegreerd']);
  });

  it('marks a word typed with an accent in a text written without it', () => {
    expect(marked(snippetOf('De creche in de wijk', termsOf('crèche')))).to.deep.equal(['creche']);
  });

  it('marks every form of the word: the plural "gezinnen" for the search "gezin"', () => {
    const { summary } = seed('gezinscoaches-antwerpen');
    expect(summary).to.include('kwetsbare gezinnen');
    expect(marked(snippetOf(summary, termsOf('gezin')))).to.deep.equal(['gezinnen']);
  });

  it('marks every occurrence, in any case', () => {
    const segments = snippetOf('Zorg en zorg en ZORG', termsOf('zorg'));
    expect(marked(segments)).to.deep.equal(['Zorg', 'zorg', 'ZORG']);
  });

  it('never marks a stop word, even when its text is asked for', () => {
    const segments = snippetOf('de zorg van de gemeente', new Set(['de', 'van', 'zorg']));
    expect(marked(segments)).to.deep.equal(['zorg']);
  });

  it('does not mark a word inside a longer word', () => {
    expect(marked(snippetOf('Zorgnetwerken West-Vlaanderen', termsOf('zorg')))).to.deep.equal([]);
  });

  it('gives the start of the text, unmarked, when nothing matched', () => {
    const text = `${filler(50)}.`;
    const segments = snippetOf(text, new Set());
    expect(segments.every((s) => !s.match)).to.equal(true);
    expect(joined(segments)).to.match(/^woord0 woord1 woord2 /);
    expect(joined(segments)).to.not.match(/^…/);
  });

  it('gives the whole text, unchanged, when it is short', () => {
    const text = 'Hoe geïntegreerd breed onthaal vorm kan krijgen, wordt getoond in een filmpje.';
    expect(joined(snippetOf(text, termsOf('filmpje')))).to.equal(text);
    expect(joined(snippetOf(text, new Set()))).to.equal(text);
  });

  it('keeps an opening quote or bracket before the first word of the text', () => {
    const { summary } = seed('een-gezin-een-plan');
    expect(summary.startsWith('‘Eén gezin, één plan’')).to.equal(true);
    expect(joined(snippetOf(summary, termsOf('plan'))).startsWith('‘Eén gezin, één plan’')).to.equal(true);
    expect(joined(snippetOf('(CAW) Antwerpen', termsOf('CAW')))).to.equal('(CAW) Antwerpen');
  });

  it('gives nothing for a text without words', () => {
    expect(snippetOf('', termsOf('zorg'))).to.deep.equal([]);
    expect(snippetOf(' … ', termsOf('zorg'))).to.deep.equal([]);
  });

  describe('a long text', () => {
    const text = `${filler(100)} landbouwers ${filler(100, 'rest')}`;
    const segments = snippetOf(text, termsOf('landbouwer'));
    const out = joined(segments);

    it('is cut to a window of about 32 words around the match', () => {
      expect(marked(segments)).to.deep.equal(['landbouwers']);
      const words = wordCount(out);
      expect(words).to.be.at.most(32);
      expect(words).to.be.at.least(20);
    });

    it('shows a few words before the match for context', () => {
      expect(out).to.match(/^… woord96 woord97 woord98 woord99 landbouwers rest0 /);
    });

    it('is cut between words, never inside one, and says so with an ellipsis at each cut', () => {
      expect(out.startsWith('… ')).to.equal(true);
      expect(out.endsWith(' …')).to.equal(true);
      const inner = out.slice(2, -2);
      expect(text).to.include(inner);
      // The first and last words of the excerpt are whole words of the text.
      const first = inner.split(' ')[0]!;
      const last = inner.split(' ').at(-1)!;
      expect(text.split(' ')).to.include(first);
      expect(text.split(' ')).to.include(last);
    });

    it('cuts the start of an unmatched long text after the window, with only a closing ellipsis', () => {
      const start = joined(snippetOf(text, new Set()));
      expect(start.startsWith('woord0 ')).to.equal(true);
      expect(start.endsWith(' …')).to.equal(true);
      expect(wordCount(start)).to.equal(32);
    });

    it('ends with the real end of the text, punctuation included, when the window reaches it', () => {
      const ending = `${filler(60)} het einde van de landbouwers.`;
      const out2 = joined(snippetOf(ending, termsOf('landbouwers')));
      expect(out2.endsWith('landbouwers.')).to.equal(true);
      expect(out2.startsWith('… ')).to.equal(true);
    });
  });

  it('picks the part of the text where most matched words stand together', () => {
    const text = `${filler(40)} zorg ${filler(40, 'midden')} zorg netwerk zorg netwerk ${filler(40, 'einde')}`;
    const segments = snippetOf(text, termsOf('zorg', 'netwerk'));
    expect(marked(segments)).to.deep.equal(['zorg', 'netwerk', 'zorg', 'netwerk']);
  });

  it('honours a smaller window when asked', () => {
    const out = joined(snippetOf(filler(30), new Set(), 5));
    expect(out).to.equal('woord0 woord1 woord2 woord3 woord4 …');
  });

  it('scans only the first 4,000 characters of a very long text, and says the text goes on', () => {
    const text = `${filler(100)} mantelzorg ${filler(2000, 'lang')} mantelzorg einde`;
    const out = joined(snippetOf(text, termsOf('mantelzorg')));
    expect(out).to.contain('mantelzorg');
    expect(out.endsWith(' …')).to.equal(true);
    expect(out).not.to.contain('einde');
  });
});
