// The view model of /beheer/synoniemen: the list as the textarea holds it, the problems per line, and
// the history with what each revision added and removed.
import { dutchDayAndTimeOf } from '../../domain/calendar.js';
import type { SynonymHistoryEntry, SynonymProblem } from '../../domain/synonyms.js';
import type { SynonymRevision } from '../../domain/synonym-store.js';
import { beheerPaths } from '../beheer-paths.js';

export const TEXT_FIELD = 'synonyms-text';
export const NOTE_FIELD = 'synonyms-note';

/** What the form shows: the saved list, or what the moderator typed (kept on an error). */
export interface SynonymForm {
  readonly text: string;
  readonly note: string;
  /** The revision the form was opened on (0: the code's list). */
  readonly basedOn: number;
}

export interface SynonymPageState {
  readonly form: SynonymForm;
  readonly current: { readonly groupCount: number; readonly revision: SynonymRevision | undefined };
  readonly history: readonly SynonymHistoryEntry[];
  readonly problems?: readonly SynonymProblem[];
  /** A colleague's save after the form was opened: what the moderator sees above the kept text. */
  readonly conflict?: string;
  readonly done?: string;
}

const momentOf = (iso: string) => ({ iso, label: dutchDayAndTimeOf(new Date(iso)) });
const groupsText = (n: number) => (n === 1 ? '1 groep' : `${n} groepen`);

/** 'versie 4 van 1 december 2026 om 14:05, door an@gemeente.be' */
export function revisionLabel(revision: SynonymRevision): string {
  return `versie ${revision.id} van ${momentOf(revision.createdAt).label}${revision.moderatorEmail ? `, door ${revision.moderatorEmail}` : ''}`;
}

export function synonymsView(state: SynonymPageState) {
  const problems = state.problems ?? [];
  const errors = [
    ...(state.conflict ? [{ field: TEXT_FIELD, message: state.conflict }] : []),
    ...problems.map((p) => ({ field: p.field === 'note' ? NOTE_FIELD : TEXT_FIELD, message: p.message })),
  ];
  const { revision } = state.current;
  return {
    pageTitle: errors.length ? 'Fout: Synoniemen' : 'Synoniemen',
    action: beheerPaths.synonyms(),
    defaultAction: beheerPaths.synonymDefault(),
    form: state.form,
    textField: TEXT_FIELD,
    noteField: NOTE_FIELD,
    textErrors: problems.filter((p) => p.field === 'text').map((p) => p.message),
    noteError: problems.find((p) => p.field === 'note')?.message,
    conflict: state.conflict,
    errors,
    done: errors.length ? undefined : state.done,
    inUse: revision === undefined ? `De standaardlijst (${groupsText(state.current.groupCount)}); nog geen moderator paste ze aan.` : `${groupsText(state.current.groupCount)}, ${revisionLabel(revision)}.`,
    isDefault: revision === undefined,
    history: state.history.map((entry, index) => ({
      id: entry.revision.id,
      at: momentOf(entry.revision.createdAt),
      by: entry.revision.moderatorEmail ?? 'onbekend',
      note: entry.revision.note,
      groupCount: groupsText(entry.revision.groups.length),
      added: entry.added.map((g) => g.join(', ')),
      removed: entry.removed.map((g) => g.join(', ')),
      inUse: index === 0,
      restoreAction: index === 0 ? undefined : beheerPaths.synonymRestore(entry.revision.id),
    })),
  };
}
