// The index of one version of the published practices: the main index, whose copies of changed or
// removed practices are masked, and a small index (the delta) of what changed since it was built,
// searched as one over the practices' slots (their positions in the list). Without a usable main index,
// or with more changes than a delta should hold, it is provisional and text search scans the practices.
// It never changes; the upkeep (index-upkeep.ts) makes a new one.
import type { Practice } from '../domain/practice.js';
import { searchDocumentOf } from './practice-document.js';
import { scanDocuments } from './provisional-scan.js';
import { matchedTermsOf, searchLayers, suggestionsOf } from './query.js';
import type { SearchDocument } from './search-document.js';
import { SearchIndex } from './search-index.js';
import type { Correction, Layer, LayeredOutcome } from './search-types.js';
import type { SynonymSet } from './synonym-set.js';

/** The main index with what it was built from. */
export interface MainIndex {
  readonly index: SearchIndex;
  /** The catalogue version it was built from. */
  readonly version: number;
  /** The revision of every practice it holds, by id. */
  readonly revisions: ReadonlyMap<number, string>;
}

/** Beyond this many practices changed since the main index, the index is provisional (scans). */
export const MAX_DELTA = 1_000;

export class LayeredIndex {
  /** No usable main index (first start, or too many changes): text search scans the practices instead. */
  readonly provisional: boolean;
  /** Practices the main index does not hold as they are now: new or changed (in the delta) or removed. */
  readonly pendingChanges: number;
  /** The indexes to search together; empty while provisional. */
  private readonly layers: readonly Layer[];
  /** The index of the practices changed since the main index, when there are any. */
  readonly delta: SearchIndex | undefined;
  /** While provisional: the documents scanned so far, by slot, made once and gone with this index. */
  private scanned: SearchDocument[] | undefined;

  constructor(
    readonly version: number,
    /** The published practices; a practice's position here is its slot. */
    readonly practices: readonly Practice[],
    /** The revision of every practice in `practices`, by id. */
    readonly revisions: ReadonlyMap<number, string>,
    readonly main: MainIndex | undefined,
    previous?: LayeredIndex,
  ) {
    const pending = main ? practices.filter((p) => main.revisions.get(p.id) !== revisions.get(p.id)) : practices;
    const removed = main ? [...main.revisions.keys()].filter((id) => !revisions.has(id)).length : 0;
    this.pendingChanges = pending.length + removed;
    this.provisional = !main || pending.length > MAX_DELTA;
    if (this.provisional || !main) {
      this.layers = [];
      this.delta = undefined;
      return;
    }
    const slotById = new Map(practices.map((p, slot) => [p.id, slot]));
    const mainLayer = layerOf(main.index, slotById, practices.length, (id) => main.revisions.get(id) === revisions.get(id));
    // The delta scores with the main index's statistics, so its scores compare with the main index's.
    this.delta = pending.length === 0 ? undefined : (reusableDelta(previous, main, pending, revisions) ?? SearchIndex.build(pending.map(searchDocumentOf), main.index));
    this.layers = this.delta ? [mainLayer, layerOf(this.delta, slotById, practices.length, () => true)] : [mainLayer];
  }

  /** The search of a text over these practices, in slots. */
  searchText(text: string, synonyms?: SynonymSet): LayeredOutcome {
    if (this.provisional) {
      const scanned = (this.scanned ??= []);
      return scanDocuments(this.practices.length, (slot) => (scanned[slot] ??= searchDocumentOf(this.practices[slot]!)), text);
    }
    return searchLayers(this.layers, this.practices.length, text, synonyms);
  }

  /** For a text that found nothing: the catalogue's nearest words to the words it does not know. */
  suggestions(text: string): Correction[] {
    return this.provisional ? [] : suggestionsOf(this.layers, text);
  }

  /** The index terms the practice in `slot` matched, for its snippet. */
  matchedTerms(outcome: LayeredOutcome, slot: number): ReadonlySet<string> {
    if (this.provisional) return new Set(outcome.terms);
    return matchedTermsOf(this.layers, outcome.terms, slot);
  }
}

/** An index as a layer over the slots: its documents that are not `current` are masked. */
function layerOf(index: SearchIndex, slotById: ReadonlyMap<number, number>, slotCount: number, current: (id: number) => boolean): Layer {
  const slotOf = new Int32Array(index.size).fill(-1);
  const docOf = new Int32Array(slotCount).fill(-1);
  for (let doc = 0; doc < index.size; doc++) {
    const id = index.refs[doc]!;
    const slot = slotById.get(id);
    if (slot === undefined || !current(id)) continue;
    slotOf[doc] = slot;
    docOf[slot] = doc;
  }
  return { index, slotOf, docOf };
}

// The previous delta serves again when it was measured against the same main index and holds exactly
// the pending practices, at the same revisions.
function reusableDelta(previous: LayeredIndex | undefined, main: MainIndex, pending: readonly Practice[], revisions: ReadonlyMap<number, string>): SearchIndex | undefined {
  if (!previous?.delta || previous.main !== main) return undefined;
  const { delta } = previous;
  if (delta.size !== pending.length) return undefined;
  return pending.every((p, i) => delta.refs[i] === p.id && previous.revisions.get(p.id) === revisions.get(p.id)) ? delta : undefined;
}
