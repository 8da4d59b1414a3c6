// What the domain needs of the place practices are kept (the SQLite PracticeRepository), and the shapes
// it hands over. Types only, from the record's own modules, so store/ may use it.
import type { EvidenceJudgement, Practice, PracticeInput } from './practice.js';
import type { PublicationStatus } from './vocabulary.js';

/** A practice with the revision it had when read (see migration 003). */
export interface RevisedPractice {
  readonly practice: Practice;
  readonly revision: number;
}

export interface NewPractice {
  readonly slug: string;
  readonly status: PublicationStatus;
  readonly input: PracticeInput;
  /** ISO timestamp; defaults to now. */
  readonly now?: string;
}

export type ListOrder = 'oldest-first' | 'newest-first';

export interface PracticeStore {
  /** Runs fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;
  /** Stores a new practice with all its multi-valued fields; returns its id. */
  insert(practice: NewPractice): number;
  /** Replaces everything a person provides of a practice; its status and history stay, and so does its earlier content. */
  update(id: number, input: PracticeInput, now?: string): void;
  /** Moves a practice to another status; the first publication sets publishedAt, later ones keep it. */
  setStatus(id: number, status: PublicationStatus, now?: string): void;
  /** Records that someone checked the description still holds (an approved update, a confirmation). */
  markVerified(id: number, at: string): void;
  /** Records the moderators' judgement of the practice's evidence, or clears it (undefined). */
  setEvidence(id: number, judgement: EvidenceJudgement | undefined, moderatorId: number | undefined): void;
  findById(id: number): Practice | undefined;
  /** The practice and its revision, read together so the revision is exactly that of what is shown. */
  findWithRevision(id: number): RevisedPractice | undefined;
  /** What a person provided of the practice as it was at `revision`; undefined for a revision it never had yet or an unknown practice. */
  contentAt(id: number, revision: number): PracticeInput | undefined;
  /** Practices in the given statuses, by when they last changed. */
  listByStatus(statuses: readonly PublicationStatus[], order?: ListOrder): Practice[];
  /** Every published practice, newest publication first. */
  listPublished(): Practice[];
  slugExists(slug: string): boolean;
  /** Goes up with every change to the practices. */
  catalogueVersion(): number;
}
