// What the catalogue needs of the place the search index and the practices' revisions are kept (the
// SQLite SearchIndexRepository). Types only; imports nothing of ours, so store/ may use it.

export interface StoredSearchIndex {
  /** The catalogue version the index was built from. */
  readonly version: number;
  /** The revision of every practice the index holds, by id. */
  readonly revisions: ReadonlyMap<number, string>;
  readonly bytes: Uint8Array;
}

export interface PublishedRevisions {
  readonly version: number;
  /** The revision of every published practice, by id. */
  readonly revisions: Map<number, string>;
}

export interface SearchIndexStore {
  /** The catalogue version and the revision of every published practice, read together; undefined when the store cannot tell. */
  publishedRevisions(): PublishedRevisions | undefined;
  /** The stored index, or undefined when there is none. */
  load(): StoredSearchIndex | undefined;
  /** Replaces the stored index. */
  save(stored: StoredSearchIndex): void;
}
