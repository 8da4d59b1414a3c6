// Reads the published practices with the catalogue version and their revisions: all of them at start,
// and at a refresh only those whose revision changed, placed among the others in newest-first order.
import { createHash } from 'node:crypto';
import type { PublishedVersion } from '../search/index-upkeep.js';
import type { Practice } from './practice.js';
import type { PracticeStore } from './practice-store.js';
import type { PublishedRevisions, SearchIndexStore } from './search-index-store.js';

/** Where the revisions of the published practices are read (the store's SearchIndexRepository fits). */
export type RevisionStore = Pick<SearchIndexStore, 'publishedRevisions'>;

// Beyond this many changed practices a refresh reads all published practices in one go.
const RELOAD_ALL = 200;

/** Newest publication first, then the practice added last: the order of the catalogue's slots. */
export function newestFirst(a: Practice, b: Practice): number {
  return (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id - a.id;
}

/** A revision that changes whenever anything of the practice changes: for stores that keep none. */
function contentRevisionOf(practice: Practice): string {
  return createHash('sha256').update(JSON.stringify(practice)).digest('base64');
}

export class PublishedPractices {
  constructor(
    private readonly repository: PracticeStore,
    /** Without it, every published practice is read at each change and its revision is a digest of its content. */
    private readonly revisionStore?: RevisionStore,
  ) {}

  /** Every published practice, newest first, with the version and revisions read in the same transaction. */
  readAll(): PublishedVersion {
    return this.repository.transaction(() => {
      const read = this.readRevisions();
      return { version: read.state.version, practices: read.practices ?? this.repository.listPublished(), revisions: read.state.revisions };
    });
  }

  /** The published practices now, reading only those changed since `current`; undefined when the catalogue did not change. */
  changedSince(current: PublishedVersion): PublishedVersion | undefined {
    if (this.repository.catalogueVersion() === current.version) return undefined;
    const { state, practices } = this.readRevisions();
    if (state.version === current.version) return undefined;
    return { version: state.version, practices: practices ?? this.practicesFor(state, current), revisions: state.revisions };
  }

  // The catalogue version and revisions of the published practices; without a store of revisions, every
  // published practice is read and its revision is a digest of its content.
  private readRevisions(): { state: PublishedRevisions; practices?: Practice[] } {
    const stored = this.revisionStore?.publishedRevisions();
    if (stored) return { state: stored };
    return this.repository.transaction(() => {
      const version = this.repository.catalogueVersion();
      const practices = this.repository.listPublished();
      return { state: { version, revisions: new Map(practices.map((p) => [p.id, contentRevisionOf(p)])) }, practices };
    });
  }

  // The published practices of `state`: those unchanged since `current` kept as they are, the others read.
  private practicesFor(state: PublishedRevisions, current: PublishedVersion): Practice[] {
    const changed = [...state.revisions].filter(([id, revision]) => current.revisions.get(id) !== revision).map(([id]) => id);
    let fresh: Practice[];
    if (changed.length > RELOAD_ALL) {
      const wanted = new Set(changed);
      fresh = this.repository.listPublished().filter((p) => wanted.has(p.id));
    } else {
      fresh = changed.flatMap((id) => {
        const practice = this.repository.findById(id);
        return practice?.status === 'published' ? [practice] : [];
      });
    }
    // The kept ones are in order already: place the few fresh ones among them, no sort of thousands.
    const ordered = current.practices.filter((p) => state.revisions.get(p.id) === current.revisions.get(p.id));
    for (const practice of fresh.sort(newestFirst)) {
      let lo = 0;
      let hi = ordered.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (newestFirst(ordered[mid]!, practice) <= 0) lo = mid + 1;
        else hi = mid;
      }
      ordered.splice(lo, 0, practice);
    }
    return ordered;
  }
}
