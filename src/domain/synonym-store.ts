// What the domain needs of the place the moderators' synonym lists are kept (the SQLite
// SynonymRepository, migration 016). Types only; imports nothing of ours, so store/ may use it.

/** Groups of words or phrases that mean the same, as searches apply them. */
export type SynonymGroups = readonly (readonly string[])[];

/** One saved version of the synonym list. */
export interface SynonymRevision {
  readonly id: number;
  readonly groups: SynonymGroups;
  /** The moderator who saved it; undefined only if the account's address cannot be read any more. */
  readonly moderatorEmail: string | undefined;
  readonly createdAt: string;
  readonly note: string | undefined;
}

export interface NewSynonymRevision {
  readonly groups: SynonymGroups;
  readonly moderatorId: number;
  readonly at: string;
  readonly note: string | undefined;
}

export interface SynonymStore {
  /** The newest revision: the list in use. Undefined while no moderator saved one. */
  latest(): SynonymRevision | undefined;
  /** The id of the newest revision (0 when there is none): one cheap query, to notice another process's save. */
  latestId(): number;
  findById(id: number): SynonymRevision | undefined;
  /** Every revision, the newest first. */
  list(): SynonymRevision[];
  /** Saves a revision; returns its id. */
  insert(revision: NewSynonymRevision): number;
  /** Runs `work` in one write transaction (taken at once, so two saves cannot both pass a check). */
  atomically<T>(work: () => T): T;
}
