// Keeps the index of the published practices current. A newer version of the practices is searchable at
// once through the small index of changes (layered-index.ts); a merge then builds a new main index of
// everything off the request path (in a worker thread for the running app), swaps it in and stores it,
// so the next start loads it instead of building (docs/search.md, "Performance architecture"). A failed
// build is logged and retried; the previous index keeps serving.
import type { Practice } from '../domain/practice.js';
import type { SearchIndexStore } from '../domain/search-index-store.js';
import { buildInProcess, type IndexBuilder } from './index-builder.js';
import { LayeredIndex, type MainIndex } from './layered-index.js';
import { searchDocumentOf } from './practice-document.js';
import { SearchIndex } from './search-index.js';

/** One version of the published practices: what the index must find. */
export interface PublishedVersion {
  /** The catalogue version. */
  readonly version: number;
  /** Newest first; a practice's position is its slot. */
  readonly practices: readonly Practice[];
  /** The revision of every practice, by id. */
  readonly revisions: ReadonlyMap<number, string>;
}

/** Where main indexes are kept between starts (the store's SearchIndexRepository fits). */
export type MainIndexStore = Pick<SearchIndexStore, 'load' | 'save'>;

export interface IndexUpkeepOptions {
  /** Builds main indexes in the background; by default in this thread. */
  readonly buildIndex?: IndexBuilder;
  /** Where the main index is loaded from and saved to; without it nothing is stored. */
  readonly indexStore?: MainIndexStore;
  readonly log: (message: string, error: unknown) => void;
  /** Up to this many practices, a missing index is built at once in this thread rather than in the background. */
  readonly inProcessBuildLimit?: number;
  /** How long after a change to wait for more before merging (milliseconds). */
  readonly mergeDelayMs?: number;
}

/** The state of the upkeep, for /healthz. */
export interface IndexStatus {
  /** The catalogue version the main index was built from; null while there is none (first start). */
  readonly mainIndexVersion: number | null;
  /** Practices new, changed or removed since the main index: searched through the small index, or masked. */
  readonly pendingChanges: number;
  /** A new main index is being built in the background. */
  readonly rebuilding: boolean;
  /** The main index in use is stored, so a restart will not rebuild it. */
  readonly persisted: boolean;
  /** No usable main index yet: text search scans titles, summaries and tags until the first build is done. */
  readonly provisional: boolean;
}

const DEFAULT_IN_PROCESS_LIMIT = 2_000;
const DEFAULT_MERGE_DELAY_MS = 200;
const RETRY_MS = 30_000;

export class IndexUpkeep {
  private index: LayeredIndex;
  private readonly buildIndex: IndexBuilder;
  private readonly store: MainIndexStore | undefined;
  private readonly log: (message: string, error: unknown) => void;
  private readonly mergeDelayMs: number;
  private merging: Promise<void> | undefined;
  private mergeTimer: NodeJS.Timeout | undefined;
  private persisted = false;
  private closed = false;

  /** Loads the stored main index, or builds one at once when there are few practices; else starts provisional. */
  constructor(first: PublishedVersion, options: IndexUpkeepOptions) {
    this.buildIndex = options.buildIndex ?? buildInProcess;
    this.store = options.indexStore;
    this.log = options.log;
    this.mergeDelayMs = options.mergeDelayMs ?? DEFAULT_MERGE_DELAY_MS;

    let main = this.loadStoredIndex();
    if (main) this.persisted = true;
    else if (first.practices.length <= (options.inProcessBuildLimit ?? DEFAULT_IN_PROCESS_LIMIT)) {
      main = { index: SearchIndex.build(first.practices.map(searchDocumentOf)), version: first.version, revisions: first.revisions };
    }
    this.index = new LayeredIndex(first.version, first.practices, first.revisions, main);
    if (main && !this.persisted && this.store) this.scheduleSave(main);
    this.scheduleMerge(this.index.provisional ? 0 : this.mergeDelayMs);
  }

  /** The index of the latest version; a new object whenever the practices or the main index change. */
  get current(): LayeredIndex {
    return this.index;
  }

  /** Takes a newer version of the practices: searchable when this returns, merged into the main index later. */
  update(next: PublishedVersion): void {
    const current = this.index;
    this.index = new LayeredIndex(next.version, next.practices, next.revisions, current.main, current);
    this.scheduleMerge(this.mergeDelayMs);
  }

  /** Resolves when no merge is waiting or running: the main index holds every practice. */
  async settled(): Promise<void> {
    // Bounded: a builder that keeps failing must not keep the caller waiting for ever.
    for (let round = 0; round < 5 && !this.closed && (this.merging || this.mergeTimer); round++) {
      if (this.mergeTimer) {
        clearTimeout(this.mergeTimer);
        this.mergeTimer = undefined;
        void this.merge();
      }
      await this.merging;
    }
  }

  /** Stops background work; the current index keeps answering. */
  close(): void {
    this.closed = true;
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    this.mergeTimer = undefined;
  }

  status(): IndexStatus {
    const index = this.index;
    return {
      mainIndexVersion: index.main?.version ?? null,
      pendingChanges: index.pendingChanges,
      rebuilding: this.merging !== undefined,
      persisted: this.persisted,
      provisional: index.provisional,
    };
  }

  private loadStoredIndex(): MainIndex | undefined {
    let stored;
    try {
      stored = this.store?.load();
      if (!stored) return undefined;
      const index = SearchIndex.fromBytes(stored.bytes);
      index.forgetBytes(); // already stored
      return { index, version: stored.version, revisions: stored.revisions };
    } catch (error) {
      // Damaged, truncated or from another version of the analysis: build a new one, never fail the start.
      this.log('the stored search index cannot be used; it will be rebuilt', error);
      return undefined;
    }
  }

  private scheduleMerge(delayMs: number): void {
    const index = this.index;
    if (this.closed || this.mergeTimer || (index.main && index.pendingChanges === 0)) return;
    if (this.merging) return; // the running merge schedules the next one when it ends
    this.mergeTimer = setTimeout(() => {
      this.mergeTimer = undefined;
      void this.merge();
    }, delayMs);
    this.mergeTimer.unref();
  }

  // Builds a main index of the whole current version off the request path, then swaps it in: the
  // changes made meanwhile stay in the delta, measured against the new main index.
  private merge(): Promise<void> {
    if (this.merging) return this.merging;
    const base = this.index;
    this.merging = (async () => {
      let main: MainIndex;
      try {
        main = { index: await this.buildIndex(base.practices.map(searchDocumentOf)), version: base.version, revisions: base.revisions };
      } catch (error) {
        this.log('building the search index failed; the previous one keeps serving', error);
        if (!this.closed) {
          this.mergeTimer = setTimeout(() => {
            this.mergeTimer = undefined;
            void this.merge();
          }, RETRY_MS);
          this.mergeTimer.unref();
        }
        return;
      }
      if (this.closed) return;
      const current = this.index;
      this.index = new LayeredIndex(current.version, current.practices, current.revisions, main, current);
      this.persisted = false;
      if (this.store) this.scheduleSave(main);
    })().finally(() => {
      this.merging = undefined;
      this.scheduleMerge(this.mergeDelayMs);
    });
    return this.merging;
  }

  // Stores the index after the current request is answered; a failure only means the next start rebuilds.
  private scheduleSave(main: MainIndex): void {
    setImmediate(() => {
      if (this.closed || this.index.main !== main) return;
      try {
        this.store?.save({ version: main.version, revisions: main.revisions, bytes: main.index.toBytes() });
        main.index.forgetBytes();
        this.persisted = true;
      } catch (error) {
        this.log('storing the search index failed; the next start will rebuild it', error);
      }
    }).unref();
  }
}
