// The materials part of the practice form: the files a form carries (by hash, in numbered hidden
// fields, with the title and description typed for each), the uploads of this post, the messages
// about them, and what views/partials/material-fields.ejs shows.
import type { Request } from 'express';
import type { z } from 'zod';
import { MAX_MATERIALS, materialTypeOf } from '../domain/material-types.js';
import {
  ACCEPTED_EXTENSIONS,
  type MaterialDependencies,
  type MaterialDraft,
  TOO_MANY_FILES,
  UNKNOWN_FILE,
  acceptUploads,
  resolveMaterials,
  safeFileName,
} from '../domain/materials.js';
import type { PracticeMaterial } from '../domain/practice.js';
import { uploadsOf } from './middleware/material-upload.js';

const field = (index: number, part: 'hash' | 'name' | 'title' | 'description' | 'remove') => `material-${index}-${part}`;

const textOf = (value: unknown, max: number) => {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, max) : '';
};

const NOT_READ = (fileName: string) => `"${fileName}" is niet toegevoegd: kies hoogstens ${MAX_MATERIALS} bestanden tegelijk. Voeg het opnieuw toe.`;

/** The files the form carried: numbered fields, those ticked for removal left out. */
export function carriedDrafts(body: unknown): MaterialDraft[] {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const drafts: MaterialDraft[] = [];
  // More than the limit may have been carried by a forged form: the schema says no to them by count.
  for (let index = 0; index < 2 * MAX_MATERIALS; index++) {
    const fileHash = textOf(b[field(index, 'hash')], 64);
    if (fileHash === '' || textOf(b[field(index, 'remove')], 10) !== '') continue;
    const description = textOf(b[field(index, 'description')], 2000);
    drafts.push({ fileHash, fileName: textOf(b[field(index, 'name')], 400), title: textOf(b[field(index, 'title')], 2000), description: description.trim() === '' ? undefined : description });
  }
  return drafts;
}

/** A practice's materials as a form carries them. */
export const draftsOfMaterials = (materials: readonly PracticeMaterial[]): MaterialDraft[] =>
  materials.map((m) => ({ fileHash: m.fileHash, fileName: m.fileName, title: m.title, description: m.description }));

export interface MaterialFormState {
  /** What the form shows and carries on. */
  readonly drafts: MaterialDraft[];
  /** The drafts whose file is stored, with its true type and size: what the schema checks. */
  readonly materials: PracticeMaterial[];
  /** Refused uploads and files no longer known, each naming its file. */
  readonly problems: string[];
}

/** The materials of a posted practice form: the carried files checked again, this post's uploads taken in. */
export async function materialsOfPost(deps: MaterialDependencies, req: Request, now = new Date().toISOString()): Promise<MaterialFormState> {
  const { received, beyondLimit } = uploadsOf(req);
  const carried = resolveMaterials(deps.materials, carriedDrafts(req.body), now);
  const known = carried.materials.map((m) => ({ fileHash: m.fileHash, fileName: m.fileName, title: m.title, description: m.description }));
  const accepted = await acceptUploads(deps, { carried: known, received, beyondLimit: [] }, now);
  const unknown = carried.unknown.map((d) => `"${d.fileName || 'bestand'}": ${UNKNOWN_FILE}`);
  // The upload reads MAX_MATERIALS files a post, refused ones included: one left unread while there is room was not too many.
  const hasRoom = accepted.drafts.length < MAX_MATERIALS;
  const unread = beyondLimit.map((name) => (hasRoom ? NOT_READ : TOO_MANY_FILES)(safeFileName(name) ?? 'zonder naam'));
  const { materials } = resolveMaterials(deps.materials, accepted.drafts, now);
  return { drafts: accepted.drafts, materials, problems: [...unknown, ...accepted.problems, ...unread] };
}

/** The form state of materials already stored with a practice. */
export function materialsOfPractice(materials: readonly PracticeMaterial[]): MaterialFormState {
  return { drafts: draftsOfMaterials(materials), materials: [...materials], problems: [] };
}

/** Splits a schema's issues: those about materials are shown by the materials part of the form. */
export function splitMaterialIssues<T extends z.core.$ZodIssue>(issues: readonly T[]): { others: T[]; materials: T[] } {
  return { others: issues.filter((i) => i.path[0] !== 'materials'), materials: issues.filter((i) => i.path[0] === 'materials') };
}

type ErrorLine = { field: string; message: string };

/** What material-fields.ejs shows: each carried file with its fields and messages, and the upload input. */
export function materialFieldsView(state: MaterialFormState, issues: readonly z.core.$ZodIssue[] = [], href?: (m: PracticeMaterial) => string | undefined) {
  const byHash = new Map(state.materials.map((m) => [m.fileHash, m]));
  const summary: ErrorLine[] = state.problems.map((message) => ({ field: 'materials', message }));
  const items = state.drafts.map((draft, index) => {
    const material = byHash.get(draft.fileHash);
    const type = material ? materialTypeOf(material.mediaType) : undefined;
    const messageAt = (part: string) => issues.find((i) => i.path[1] === index && i.path[2] === part)?.message;
    const titleError = messageAt('title');
    const descriptionError = messageAt('description');
    if (titleError) summary.push({ field: field(index, 'title'), message: titleError });
    if (descriptionError) summary.push({ field: field(index, 'description'), message: descriptionError });
    return {
      index,
      ids: { hash: field(index, 'hash'), name: field(index, 'name'), title: field(index, 'title'), description: field(index, 'description'), remove: field(index, 'remove') },
      fileHash: draft.fileHash,
      fileName: draft.fileName,
      title: draft.title,
      description: draft.description ?? '',
      image: type?.image ?? false,
      typeLabel: type?.label ?? '',
      href: material && href ? href(material) : undefined,
      titleError,
      descriptionError,
    };
  });
  const general = issues.filter((i) => i.path.length === 1).map((i) => i.message);
  for (const message of general) summary.push({ field: 'materials', message });
  return {
    items,
    fieldName: 'materials',
    accept: ACCEPTED_EXTENSIONS.join(','),
    room: Math.max(0, MAX_MATERIALS - items.length),
    error: [...state.problems, ...general].join(' ') || undefined,
    summary,
  };
}
export type MaterialFieldsView = ReturnType<typeof materialFieldsView>;

/** The carried files as hidden fields, for the review step. */
export function materialHiddenFields(drafts: readonly MaterialDraft[]): { name: string; value: string }[] {
  return drafts.flatMap((d, index) => [
    { name: field(index, 'hash'), value: d.fileHash },
    { name: field(index, 'name'), value: d.fileName },
    { name: field(index, 'title'), value: d.title },
    ...(d.description ? [{ name: field(index, 'description'), value: d.description }] : []),
  ]);
}

export const NO_MATERIALS: MaterialFormState = { drafts: [], materials: [], problems: [] };

/** The practice form's view with its materials part, their messages joining the error summary. */
export function withMaterials<F extends { errorSummary: readonly { field: string; message: string }[] }>(form: F, materials: MaterialFieldsView) {
  return { ...form, materials, errorSummary: [...form.errorSummary, ...materials.summary] };
}
