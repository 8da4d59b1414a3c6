// The sector's synonyms as moderators keep them under /beheer/synoniemen (issue 15, point 4): one list,
// saved as a new revision each time (who, when, why), the newest in use. Searches apply the list when
// they run (Catalogue.useSynonyms), so a save counts at once, without rebuilding the index. While no
// moderator saved a list, the one that comes with the code (src/search/synonyms.ts) applies.
import { z } from 'zod';
import { foldAccents, termsOf, wordsOf } from '../search/dutch-pipeline.js';
import { MAX_MEMBER_WORDS } from '../search/synonym-set.js';
import { SYNONYM_GROUPS } from '../search/synonyms.js';
import type { SynonymGroups, SynonymRevision, SynonymStore } from './synonym-store.js';

export const MAX_SYNONYM_GROUPS = 300;
export const MAX_TERMS_PER_GROUP = 30;
// 60 would refuse the code's own 'Vlaams Infrastructuurfonds voor Persoonsgebonden Aangelegenheden' (64).
export const MAX_TERM_LENGTH = 80;
export const MAX_SYNONYM_TEXT_LENGTH = 100_000;
export const MAX_SYNONYM_NOTE_LENGTH = 200;
/** More line errors than this are summed up in one message: the first ones are enough to start on. */
const MAX_LINE_ERRORS = 30;

// Letters (any script, with their accents), digits, spaces and the punctuation names carry: 'ziekte- en
// invaliditeitsverzekering', "baby's", 'OCMW/CAW', 'Welzijn & Gezin'. Commas separate terms.
const TERM_CHARACTERS = /^[\p{L}\p{M}\p{N} \-'’./&()+]+$/u;

/** What a search reads of a term: its words, lower-case and without accents ('Één gezin,  één plan' → 'een gezin een plan'). */
const keyOf = (term: string): string => wordsOf(term).map((w) => foldAccents(w.word)).join(' ');

/** A term as a message quotes it: shortened when long. */
const quoted = (term: string): string => `„${term.length > 40 ? `${term.slice(0, 40)}…` : term}”`;

/**
 * The list as a moderator edits it: one group per line, its terms separated by commas; empty lines are
 * skipped. Each problem is an issue whose path is the line's number (counted from 1, empty lines
 * included, as the textarea shows them), or empty for the list as a whole.
 */
export const synonymListSchema = z
  .string({ error: 'Vul de lijst met synoniemen in.' })
  .max(MAX_SYNONYM_TEXT_LENGTH, { error: `De lijst is te lang: hoogstens ${MAX_SYNONYM_TEXT_LENGTH.toLocaleString('nl-BE')} tekens.` })
  .transform((text, ctx): string[][] => {
    const groups: string[][] = [];
    const lineOfKey = new Map<string, number>();
    let lineErrors = 0;
    const problem = (line: number, message: string) => {
      lineErrors += 1;
      if (lineErrors <= MAX_LINE_ERRORS) ctx.addIssue({ code: 'custom', path: [line], message: `Regel ${line}: ${message}` });
    };
    text.split(/\r\n|\r|\n/).forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      const terms = raw.split(',').map((term) => term.replace(/[ \t\u00a0]+/g, ' ').trim());
      if (terms.some((term) => term === '')) return problem(line, 'laat geen term leeg (twee komma’s na elkaar, of een komma aan het begin of het einde)');
      const tooLong = terms.find((term) => term.length > MAX_TERM_LENGTH);
      if (tooLong !== undefined) return problem(line, `de term ${quoted(tooLong)} is te lang: hoogstens ${MAX_TERM_LENGTH} tekens`);
      const badCharacters = terms.find((term) => !TERM_CHARACTERS.test(term));
      if (badCharacters !== undefined) return problem(line, `de term ${quoted(badCharacters)} bevat een teken dat niet mag; gebruik letters, cijfers, spaties en - ' . / & ( ) +`);
      const noWord = terms.find((term) => wordsOf(term).length === 0);
      if (noWord !== undefined) return problem(line, `de term ${quoted(noWord)} bevat geen letter of cijfer`);
      const onlyStopWords = terms.find((term) => termsOf(term).length === 0);
      if (onlyStopWords !== undefined) return problem(line, `de term ${quoted(onlyStopWords)} bestaat alleen uit woorden die het zoeken overslaat (zoals de, het, een, en)`);
      const tooManyWords = terms.find((term) => wordsOf(term).length > MAX_MEMBER_WORDS);
      if (tooManyWords !== undefined) return problem(line, `de term ${quoted(tooManyWords)} telt meer dan ${MAX_MEMBER_WORDS} woorden; het zoeken herkent hoogstens ${MAX_MEMBER_WORDS} woorden na elkaar`);
      if (terms.length < 2) return problem(line, 'een groep heeft minstens twee termen');
      if (terms.length > MAX_TERMS_PER_GROUP) return problem(line, `een groep heeft hoogstens ${MAX_TERMS_PER_GROUP} termen; splits ze of laat er enkele weg`);
      const seen = new Set<string>();
      for (const term of terms) {
        const key = keyOf(term);
        if (seen.has(key)) return problem(line, `de term ${quoted(term)} staat twee keer in deze groep`);
        seen.add(key);
        const earlier = lineOfKey.get(key);
        if (earlier !== undefined) return problem(line, `de term ${quoted(term)} staat ook op regel ${earlier}; een term hoort bij één groep`);
      }
      for (const key of seen) lineOfKey.set(key, line);
      groups.push(terms);
    });
    if (lineErrors > MAX_LINE_ERRORS) {
      const more = lineErrors - MAX_LINE_ERRORS;
      ctx.addIssue({ code: 'custom', path: [], message: `Nog ${more} ${more === 1 ? 'andere regel heeft' : 'andere regels hebben'} een fout. Verbeter eerst de regels hierboven.` });
    }
    if (lineErrors === 0 && groups.length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'De lijst is leeg. Zet één groep synoniemen per regel, of zet de standaardlijst terug.' });
    if (groups.length > MAX_SYNONYM_GROUPS) ctx.addIssue({ code: 'custom', path: [], message: `De lijst telt ${groups.length} groepen; hoogstens ${MAX_SYNONYM_GROUPS}.` });
    return groups;
  });

/** Why the list changed: optional, one short line. */
export const synonymNoteSchema = z
  .string({ error: 'De toelichting moet tekst zijn.' })
  .optional()
  .transform((note) => note?.replace(/[ \t\u00a0]+/g, ' ').trim() ?? '')
  .refine((note) => note.length <= MAX_SYNONYM_NOTE_LENGTH, { error: `Houd de toelichting kort: hoogstens ${MAX_SYNONYM_NOTE_LENGTH} tekens.` })
  // eslint-disable-next-line no-control-regex -- control characters (line breaks included) are what this refuses
  .refine((note) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(note), { error: 'Schrijf de toelichting op één regel.' })
  .transform((note) => (note === '' ? undefined : note));

/** A problem with what a moderator typed: `line` names the list's line, `field` which field it is about. */
export interface SynonymProblem {
  readonly field: 'text' | 'note';
  readonly line: number | undefined;
  readonly message: string;
}

/**
 * The list as the textarea shows it: one group per line, terms separated by ', '. A comma inside a term
 * (the code's 'Welzijn, Volksgezondheid en Gezin') becomes a space: a search reads the same words.
 */
export function formatSynonyms(groups: SynonymGroups): string {
  return groups.map((group) => group.map((term) => term.replace(/\s*,\s*/g, ' ').trim()).join(', ')).join('\n');
}

/** The list searches use now, and the revision it comes from (undefined: the list that comes with the code). */
export interface CurrentSynonyms {
  readonly groups: SynonymGroups;
  readonly revision: SynonymRevision | undefined;
}

/** The list in use: the newest revision, or the code's list while there is none. */
export function currentSynonyms(store: SynonymStore): CurrentSynonyms {
  const revision = store.latest();
  return { groups: revision?.groups ?? SYNONYM_GROUPS, revision };
}

/** What searches need of the catalogue: the list to apply from now on. */
export interface SynonymUser {
  useSynonyms(groups: SynonymGroups): void;
}

export interface SynonymDependencies {
  readonly synonyms: SynonymStore;
  readonly catalogue: SynonymUser;
}

export type ReviseResult =
  | { readonly ok: true; readonly revisionId: number }
  | { readonly ok: false; readonly reason: 'invalid'; readonly problems: readonly SynonymProblem[] }
  /** A colleague saved a revision after the one the form was opened on; nothing was saved. */
  | { readonly ok: false; readonly reason: 'conflict'; readonly current: CurrentSynonyms };

export interface SynonymEdit {
  readonly text: unknown;
  readonly note: unknown;
  /** The id of the revision the form showed (0: the code's list); a newer one means a colleague saved in between. */
  readonly basedOn: number;
}

function problemsOf(error: z.ZodError, field: SynonymProblem['field']): SynonymProblem[] {
  return error.issues.map((issue) => ({ field, line: typeof issue.path[0] === 'number' ? issue.path[0] : undefined, message: issue.message }));
}

/** Saves the moderator's list as a new revision and applies it to searches at once. */
export function reviseSynonyms(deps: SynonymDependencies, moderator: { readonly id: number }, edit: SynonymEdit, now: Date = new Date()): ReviseResult {
  const list = synonymListSchema.safeParse(edit.text);
  const note = synonymNoteSchema.safeParse(edit.note);
  if (!list.success || !note.success) {
    return { ok: false, reason: 'invalid', problems: [...(list.success ? [] : problemsOf(list.error, 'text')), ...(note.success ? [] : problemsOf(note.error, 'note'))] };
  }
  const saved = deps.synonyms.atomically((): ReviseResult => {
    if (deps.synonyms.latestId() !== edit.basedOn) return { ok: false, reason: 'conflict', current: currentSynonyms(deps.synonyms) };
    return { ok: true, revisionId: deps.synonyms.insert({ groups: list.data, moderatorId: moderator.id, at: now.toISOString(), note: note.data }) };
  });
  if (saved.ok) deps.catalogue.useSynonyms(list.data);
  return saved;
}

/** What to restore: an earlier revision by id, or the list that comes with the code. */
export type SynonymSource = { readonly revisionId: number } | 'default';

/**
 * Makes an earlier revision (or the code's list) the list in use, as a new revision with a note that
 * says so; the history stays whole. Undefined when the revision does not exist.
 */
export function restoreSynonyms(deps: SynonymDependencies, moderator: { readonly id: number }, source: SynonymSource, now: Date = new Date()): { readonly revisionId: number } | undefined {
  const restored = deps.synonyms.atomically(() => {
    const from = source === 'default' ? undefined : deps.synonyms.findById(source.revisionId);
    if (source !== 'default' && from === undefined) return undefined;
    const groups = from?.groups ?? SYNONYM_GROUPS;
    const note = from === undefined ? 'Standaardlijst teruggezet' : `Versie ${from.id} teruggezet`;
    return { groups, revisionId: deps.synonyms.insert({ groups, moderatorId: moderator.id, at: now.toISOString(), note }) };
  });
  if (restored === undefined) return undefined;
  deps.catalogue.useSynonyms(restored.groups);
  return { revisionId: restored.revisionId };
}

/** One revision in the history, with what it changed against the one before (the first: against the code's list). */
export interface SynonymHistoryEntry {
  readonly revision: SynonymRevision;
  readonly added: readonly (readonly string[])[];
  readonly removed: readonly (readonly string[])[];
}

/** A group as a comparison reads it: its terms' words, without case or accents, in any order. */
const groupKeyOf = (group: readonly string[]): string => group.map(keyOf).sort().join('|');

function changesBetween(before: SynonymGroups, after: SynonymGroups): { added: string[][]; removed: string[][] } {
  const beforeKeys = new Set(before.map(groupKeyOf));
  const afterKeys = new Set(after.map(groupKeyOf));
  return {
    added: after.filter((g) => !beforeKeys.has(groupKeyOf(g))).map((g) => [...g]),
    removed: before.filter((g) => !afterKeys.has(groupKeyOf(g))).map((g) => [...g]),
  };
}

/** Every saved revision, the newest first, each with the groups it added and removed. */
export function synonymHistory(store: SynonymStore): SynonymHistoryEntry[] {
  const revisions = store.list();
  return revisions.map((revision, index) => ({ revision, ...changesBetween(revisions[index + 1]?.groups ?? SYNONYM_GROUPS, revision.groups) }));
}

/**
 * Applies the stored list to the catalogue now and whenever it is called after another process saved a
 * newer revision (a second app on the same database): one small query per call.
 */
export function synonymsFollower(deps: SynonymDependencies): () => void {
  let applied: number | undefined;
  return () => {
    const latest = deps.synonyms.latestId();
    if (latest === applied) return;
    const current = currentSynonyms(deps.synonyms);
    deps.catalogue.useSynonyms(current.groups);
    applied = current.revision?.id ?? 0;
  };
}
