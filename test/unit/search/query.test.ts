import { expect } from 'chai';

import { aliasesOf } from '../../../src/search/aliases.js';
import { lunr, useDutch } from '../../../src/search/dutch-pipeline.js';
import { WORD_RANK, searchLayers } from '../../../src/search/query.js';
import { FIELD_BOOSTS, type SearchDocument } from '../../../src/search/search-document.js';
import { SearchIndex, UnreadableSearchIndex } from '../../../src/search/search-index.js';
import { SynonymSet } from '../../../src/search/synonym-set.js';
import { SYNONYM_GROUPS } from '../../../src/search/synonyms.js';
import { seedRecords } from '../fixtures.js';

const synonyms = new SynonymSet(SYNONYM_GROUPS);

const documents: SearchDocument[] = seedRecords().map((r, i) => ({
  id: i + 1,
  title: r.input.title,
  summary: r.input.summary,
  body: Object.values(r.input.sections).filter(Boolean).join('\n\n'),
  tags: [...r.input.partners, ...r.input.themes].join('\n'),
}));

/** The index as Lunr itself builds it from the same documents, the way Praktijkbank used to. */
function lunrIndexOf(docs: readonly SearchDocument[]): lunr.Index {
  return lunr(function () {
    useDutch(this);
    this.ref('id');
    for (const [field, boost] of Object.entries(FIELD_BOOSTS)) this.field(field, { boost });
    this.metadataWhitelist = [];
    for (const doc of docs) this.add({ ...doc, id: String(doc.id), aliases: aliasesOf([doc.title, doc.summary, doc.body, doc.tags].join('\n')) });
  });
}

const index = SearchIndex.build(documents);
const reference = lunrIndexOf(documents);
const TEXTS = ['zorg', 'gezinnen', 'breed onthaal', 'kwetsbare gezinnen', 'mantelzrog', 'onth', 'Zoersel Diksmuide', 'netwerk vrijwilligers ouderen', 'GBO'];

describe('the compact index and its query', () => {
  describe('keeps Lunr\'s ranking', () => {
    for (const text of TEXTS) {
      it(`scores "${text}" exactly as lunr.Index#query does for the same terms and boosts`, () => {
        const outcome = searchLayers([{ index }], index.size, text, synonyms);
        expect(outcome.slots.length, 'finds something').to.be.greaterThan(0);
        const lunrScores = new Map(
          reference
            .query((q) => outcome.terms.forEach((term, i) => q.term(term, { boost: outcome.boosts[i]!, usePipeline: false, wildcard: lunr.Query.wildcard.NONE })))
            .map((r) => [Number(r.ref), r.score]),
        );
        outcome.slots.forEach((doc, i) => {
          const id = index.refs[doc]!;
          // Without a practice holding every word, the score also counts the words held (WORD_RANK each).
          const score = outcome.allWords ? outcome.scores[i]! : outcome.scores[i]! % WORD_RANK;
          expect(lunrScores.get(id), `document ${id}`).to.be.closeTo(score, 1e-9 * Math.max(1, outcome.scores[i]!));
        });
        if (!outcome.allWords) expect(outcome.slots.length).to.equal(lunrScores.size);
      });
    }

    it('weighs a practice in the small index of recent changes exactly as the merged index will', () => {
      const recent = documents.slice(0, 3);
      const main = SearchIndex.build(documents.slice(3));
      const delta = SearchIndex.build(recent, main);
      for (const text of TEXTS) {
        const merged = searchLayers([{ index }], index.size, text);
        // Slots: the position of each document in `documents`, for both layers.
        const layered = searchLayers(
          [
            { index: main, slotOf: Int32Array.from(main.refs, (id) => id - 1), docOf: Int32Array.from(documents, (d) => (d.id > 3 ? d.id - 4 : -1)) },
            { index: delta, slotOf: Int32Array.from(delta.refs, (id) => id - 1), docOf: Int32Array.from(documents, (d) => (d.id <= 3 ? d.id - 1 : -1)) },
          ],
          documents.length,
          text,
        );
        const scores = (o: typeof merged) => new Map(Array.from(o.slots, (slot, i) => [slot, o.scores[i]!]));
        const expected = scores(merged);
        const actual = scores(layered);
        expect([...actual.keys()].sort(), text).to.deep.equal([...expected.keys()].sort());
        // The main index's own weights keep the statistics of when it was built; the recent ones borrow them.
        for (const [slot, score] of expected) {
          if (slot < recent.length) expect(actual.get(slot), `${text}: document ${slot + 1}`).to.be.closeTo(score, 1e-9 * Math.max(1, score));
        }
      }
    });

    it('masks a document of one layer that is left out (slot -1): never found, never counted', () => {
      const masked = searchLayers([{ index, slotOf: Int32Array.from(index.refs, (id) => (id === 2 ? -1 : id - 1)) }], index.size, 'landbouwers');
      expect(Array.from(masked.slots)).to.deep.equal([]);
    });
  });

  describe('stored as bytes', () => {
    const bytes = index.toBytes();

    it('reads back into an index that answers exactly the same', () => {
      const loaded = SearchIndex.fromBytes(bytes);
      for (const text of TEXTS) expect(loaded.search(text), text).to.deep.equal(index.search(text));
    });

    it('reads back from a Node Buffer that is a view into a larger pool, as SQLite hands it over', () => {
      const pool = Buffer.alloc(bytes.length + 64);
      pool.set(bytes, 13);
      expect(SearchIndex.fromBytes(pool.subarray(13, 13 + bytes.length)).search('zorg')).to.deep.equal(index.search('zorg'));
    });

    const damaged: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['not an index at all', new TextEncoder().encode('{"niet": "een index"}'.repeat(4))],
      ['truncated', bytes.subarray(0, bytes.length - 1000)],
      ['with one byte changed', Uint8Array.from(bytes, (b, i) => (i === 500 ? b ^ 1 : b))],
    ];
    for (const [what, data] of damaged) {
      it(`refuses bytes that are ${what} with UnreadableSearchIndex, never a wrong index`, () => {
        expect(() => SearchIndex.fromBytes(data)).to.throw(UnreadableSearchIndex);
      });
    }
  });
});
