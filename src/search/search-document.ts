// What the index holds of a practice, field by field, and what each field weighs. The one source of the
// field weights: the index build weighs terms with them, and the provisional scan and the test that
// compares our scores with Lunr's read them too. Imports nothing of ours, so the worker thread that
// builds an index loads no more than the engine.

/** What the index needs to know of a practice. */
export interface SearchDocument {
  readonly id: number;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  /** Labels of its themes, target groups, places, partners: words people search for. */
  readonly tags: string;
}

/**
 * Which text of a practice the fields hold (practice-document.ts), as a number: raise it when that
 * changes, so a stored index of the old shape is rebuilt (it is part of the index's fingerprint).
 * 2: working elements, transferability, evaluation summary and costs note in body; contact role and material titles in tags.
 */
export const DOCUMENT_SHAPE = 2;

/** The fields of the index; `aliases` holds the synonyms of the words of the others (aliases.ts). */
export const FIELDS = ['title', 'summary', 'tags', 'aliases', 'body'] as const;
export type SearchField = (typeof FIELDS)[number];

/** Lunr's field boosts. Part of the stored index's fingerprint: a change here rebuilds it. */
export const FIELD_BOOSTS: Readonly<Record<SearchField, number>> = { title: 10, summary: 4, tags: 3, aliases: 2, body: 1 };
