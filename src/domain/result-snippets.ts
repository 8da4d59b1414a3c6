// The snippet of each practice a results page shows: the excerpt around the terms it matched. Made only
// for the practices shown, and remembered per practice for its last few sets of matched terms: the same
// words find the same excerpt, whatever way they were typed. Tied to the practice object, so an edit
// starts afresh. Snippets are handed out frozen and shared, as the facet counts are: the page keeps the
// HTML of a result with the snippet it was made of (view-fragments.ts).
import type { LayeredIndex } from '../search/layered-index.js';
import { bodyOf } from '../search/practice-document.js';
import type { LayeredOutcome } from '../search/search-types.js';
import { type SnippetSegment, snippetOf } from '../search/snippet.js';
import type { Practice } from './practice.js';

const SNIPPETS_PER_PRACTICE = 4;

/** A snippet as it is handed out: frozen, segments and all, and the same array every time it is shown. */
export type Snippet = readonly Readonly<SnippetSegment>[];

const frozen = (segments: readonly SnippetSegment[]): Snippet => Object.freeze(segments.map((segment) => Object.freeze(segment)));

const summarySnippets = new WeakMap<Practice, Snippet>();

/** The snippet of a practice that shows no excerpt: its summary, unmarked. */
export function summarySnippet(practice: Practice): Snippet {
  let snippet = summarySnippets.get(practice);
  if (!snippet) summarySnippets.set(practice, (snippet = frozen([{ text: practice.summary, match: false }])));
  return snippet;
}

export class SnippetMemo {
  private readonly known = new WeakMap<Practice, Map<string, Snippet>>();
  // The snippets already shown for an outcome (one search, kept with its match in the cache of recent
  // searches): showing its page again needs not even the practice's matched terms.
  private readonly shown = new WeakMap<LayeredOutcome, Map<number, Snippet>>();

  /** The snippet of the practice in `slot` for the search's outcome (none when browsing): its summary when it matched no term. */
  snippetAt(index: LayeredIndex, outcome: LayeredOutcome | undefined, slot: number): Snippet {
    const practice = index.practices[slot]!;
    if (!outcome) return summarySnippet(practice);
    let shown = this.shown.get(outcome);
    if (!shown) this.shown.set(outcome, (shown = new Map<number, Snippet>()));
    let segments = shown.get(slot);
    if (!segments) {
      segments = this.excerpt(practice, index.matchedTerms(outcome, slot));
      shown.set(slot, segments);
    }
    return segments;
  }

  private excerpt(practice: Practice, terms: ReadonlySet<string>): Snippet {
    if (terms.size === 0) return summarySnippet(practice);
    const key = [...terms].sort().join(' ');
    let known = this.known.get(practice);
    if (!known) this.known.set(practice, (known = new Map<string, Snippet>()));
    let segments = known.get(key);
    if (!segments) {
      segments = frozen(snippetOf(`${practice.summary}\n${bodyOf(practice)}`, terms));
      if (known.size >= SNIPPETS_PER_PRACTICE) known.delete(known.keys().next().value!);
      known.set(key, segments);
    }
    return segments;
  }
}
