// The Lunr index of published practices and the one way to query it. User text never reaches Lunr's
// query parser: every word is analysed by the Dutch pipeline and expanded against the index's own
// vocabulary (exact, prefix, and fuzzy for words the index does not know), so no string can throw or
// turn into a costly leading wildcard.
import { indexTermOf, lunr, useDutch, wordsOf } from './dutch-pipeline.js';
import { aliasesOf } from './aliases.js';

/** What the index needs to know of a practice. */
export interface SearchDocument {
  readonly id: number;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  /** Labels of its themes, target groups, places, partners: words people search for. */
  readonly tags: string;
}

export interface SearchHit {
  readonly id: number;
  readonly score: number;
  /** The index terms this practice matched, for highlighting. */
  readonly matchedTerms: ReadonlySet<string>;
}

export interface SearchOutcome {
  readonly hits: SearchHit[];
  /** False when no practice held every word and the hits hold any of them instead. */
  readonly allWords: boolean;
  /** True when the query had no word the index could use (only stop words or punctuation). */
  readonly empty: boolean;
}

const FIELD_BOOSTS = { title: 10, summary: 4, tags: 3, aliases: 2, body: 1 } as const;
const TERM_BOOST = { exact: 10, prefix: 3, fuzzy: 1 } as const;
const MAX_WORDS = 12;
const MAX_WORD_LENGTH = 40;
const MIN_PREFIX_LENGTH = 3;
const MIN_FUZZY_LENGTH = 4;
const MAX_FUZZY2_LENGTH = 20;
// Below this many hits the fuzzy pass also tries the words the index does know.
const FEW_HITS = 3;

/** One word of the query with the index terms that count as a match for it, and their boosts. */
type WordGroup = Map<string, number>;

export class SearchIndex {
  private constructor(private readonly index: lunr.Index) {}

  static build(documents: readonly SearchDocument[]): SearchIndex {
    const index = lunr(function () {
      useDutch(this);
      this.ref('id');
      for (const [field, boost] of Object.entries(FIELD_BOOSTS)) this.field(field, { boost });
      this.metadataWhitelist = [];
      for (const doc of documents) {
        const aliases = aliasesOf([doc.title, doc.summary, doc.body, doc.tags].join('\n'));
        this.add({ ...doc, id: String(doc.id), aliases });
      }
    });
    return new SearchIndex(index);
  }

  /** The index as plain data, to build it in a worker thread and hand it over. */
  toJSON(): object {
    return this.index.toJSON();
  }

  /** An index serialized by toJSON; the Dutch pipeline functions are registered when this module loads. */
  static load(serialized: object): SearchIndex {
    return new SearchIndex(lunr.Index.load(serialized));
  }

  /** Searches for practices holding every word of the text, or any word when none holds them all. */
  search(text: string): SearchOutcome {
    const words = queryTermsOf(text);
    if (words.length === 0) return { hits: [], allWords: true, empty: true };

    let groups = words.map((term) => this.expand(term, false));
    let results = this.run(groups);
    if (results.length < FEW_HITS) {
      groups = words.map((term) => this.expand(term, true));
      results = this.run(groups);
    }
    const hits = results.map((r) => ({
      id: Number(r.ref),
      score: r.score,
      matchedTerms: new Set(Object.keys(r.matchData.metadata)),
    }));
    const withAll = hits.filter((hit) => groups.every((group) => [...group.keys()].some((t) => hit.matchedTerms.has(t))));
    if (withAll.length > 0 || hits.length === 0) return { hits: withAll, allWords: true, empty: false };
    return { hits, allWords: false, empty: false };
  }

  private run(groups: WordGroup[]): lunr.Index.Result[] {
    const clauses = new Map<string, number>();
    for (const group of groups) {
      for (const [term, boost] of group) clauses.set(term, Math.max(boost, clauses.get(term) ?? 0));
    }
    if (clauses.size === 0) return [];
    return this.index.query((query) => {
      for (const [term, boost] of clauses) {
        query.term(term, { boost, usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
      }
    });
  }

  private expand(term: string, fuzzyAlways: boolean): WordGroup {
    const group: WordGroup = new Map();
    const add = (terms: string[], boost: number) => {
      for (const t of terms) group.set(t, Math.max(boost, group.get(t) ?? 0));
    };
    if (this.known(term)) add([term], TERM_BOOST.exact);
    if (term.length >= MIN_PREFIX_LENGTH) add(this.matching(tokenSets.fromString(`${term}*`)), TERM_BOOST.prefix);
    if (term.length >= MIN_FUZZY_LENGTH && (fuzzyAlways || group.size === 0)) {
      // Two edits for long words, but not beyond MAX_FUZZY2_LENGTH: Lunr's edit-distance-2 automaton grows
      // so fast with the word's length that twelve 40-letter words would block the process for seconds.
      const distance = term.length >= 8 && term.length <= MAX_FUZZY2_LENGTH ? 2 : 1;
      add(this.matching(tokenSets.fromFuzzyString(term, distance)), TERM_BOOST.fuzzy);
    }
    return group;
  }

  private known(term: string): boolean {
    return Object.hasOwn(internalsOf(this.index).invertedIndex, term);
  }

  private matching(tokenSet: lunr.TokenSet): string[] {
    // Index terms never contain '*' (the tokenizer splits on it), so these stay plain terms.
    return internalsOf(this.index).tokenSet.intersect(tokenSet).toArray();
  }
}

// What Lunr 2.3 has but @types/lunr does not declare (or declares wrongly).
interface IndexInternals {
  readonly invertedIndex: Record<string, unknown>;
  readonly tokenSet: lunr.TokenSet;
}
interface TokenSetFactory {
  fromString(pattern: string): lunr.TokenSet;
  fromFuzzyString(term: string, editDistance: number): lunr.TokenSet;
}
const tokenSets = lunr.TokenSet as unknown as TokenSetFactory;
const internalsOf = (index: lunr.Index) => index as unknown as IndexInternals;

/** The distinct index terms of a user's query text, in order, bounded in number and length. */
export function queryTermsOf(text: string): string[] {
  const terms: string[] = [];
  for (const { word } of wordsOf(text)) {
    const term = indexTermOf(word.slice(0, MAX_WORD_LENGTH));
    if (term && !terms.includes(term)) terms.push(term);
    if (terms.length === MAX_WORDS) break;
  }
  return terms;
}
