// The materials a practice carries (a handbook, a draaiboek, a report, a poster, photos): which uploads
// are accepted, under what name, how a form's carried files are checked again, and which stored files
// no one uses any more. The bytes live on disk and the metadata in SQLite, both behind the stores here.
import type { Readable } from 'node:stream';
import { MATERIAL_TYPES, MAX_MATERIALS, MAX_MATERIAL_BYTES, type MaterialMediaType, materialTypeOf } from './material-types.js';
import type { PracticeMaterial } from './practice.js';
import { withoutControlCharacters } from './plain-text.js';

/** A stored file's metadata (table material_files). */
export interface MaterialFile {
  readonly hash: string;
  readonly mediaType: MaterialMediaType;
  readonly bytes: number;
  /** ISO timestamp of the upload, or of the last form that carried it (see touch). */
  readonly storedAt: string;
}

/** The metadata of stored files, in the database. */
export interface MaterialStore {
  /** Records a file complete on disk; a file stored before keeps its row, with `at` as its new storedAt. */
  record(file: MaterialFile): void;
  find(hashes: readonly string[]): Map<string, MaterialFile>;
  /** A form carried these files again: their grace period starts anew. */
  touch(hashes: readonly string[], at: string): void;
  /** Deletes the rows of files no practice uses and no form carried since `before`; returns their hashes. */
  removeUnused(before: string): string[];
  hashes(): Set<string>;
}

/** An upload as received, in its temp file: not yet a material. */
export interface ReceivedUpload {
  readonly temporaryPath: string;
  readonly hash: string;
  readonly bytes: number;
  /** Longer than the limit: the rest was read and thrown away, and nothing of it is kept. */
  readonly tooBig: boolean;
  /** The first bytes, to look for markup. */
  readonly head: Buffer;
}

/** An upload with the name the browser gave it. */
export interface ReceivedMaterial extends ReceivedUpload {
  readonly originalName: string;
}

/** The files themselves, on disk, named by content hash. */
export interface MaterialFileStore {
  /** Where a temp file for a new upload goes; whoever asked removes it if it is not committed. */
  temporaryPath(): string;
  /** Writes an upload to its temp file, hashing and counting; past `limit` bytes nothing more is written. */
  receive(stream: Readable, temporaryPath: string, limit: number, sniffBytes: number): Promise<ReceivedUpload>;
  /** The media type the content says (magic bytes, inside a ZIP for OOXML and ODF). */
  detectType(path: string): Promise<string | undefined>;
  /** Puts a received upload under its hash, durably (a copy already there is kept). */
  commit(upload: ReceivedUpload): void;
  pathOf(hash: string): string;
  exists(hash: string): boolean;
  /** Hashes of the files on disk, with when each was written (ms since the epoch). */
  list(): { hash: string; modifiedMs: number }[];
  remove(hash: string): void;
  /** Removes upload temp files last written before `beforeMs`; returns how many. */
  removeTemporary(beforeMs: number): number;
}

/** An accepted-but-not-yet-submitted upload is kept this long after the last form that carried it. */
export const MATERIAL_GRACE_MS = 24 * 60 * 60 * 1000;
/** A file on disk without its row is an upload between rename and row, or a crash's orphan. */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

const MAX_FILE_NAME = 200;

/**
 * The name a file is kept under: the last part of what the browser sent (some send a whole path, and
 * a name is never a path here), without control or direction characters; undefined when nothing is left.
 */
export function safeFileName(original: string): string | undefined {
  const base = original.split(/[/\\]/).pop() ?? '';
  const clean = withoutControlCharacters(base).replace(/[\t\r\n]/g, '').trim();
  if (clean === '' || /^\.+$/.test(clean)) return undefined;
  if (clean.length <= MAX_FILE_NAME) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_FILE_NAME - extension.length) + extension;
}

/** The default title of a material: its file name without the extension. */
export function titleOfFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const stem = (dot > 0 ? fileName.slice(0, dot) : fileName).replace(/[_]+/g, ' ').trim();
  return (stem || fileName).slice(0, 200);
}

const extensionOf = (fileName: string) => {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
};

const ACCEPTED_LIST = 'PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, PNG of JPEG';

/** The extensions a file input may offer, for its accept attribute. */
export const ACCEPTED_EXTENSIONS = MATERIAL_TYPES.flatMap((t) => t.extensions.map((e) => `.${e}`));

// What a browser would take for a web page: a file with one of these near its start is refused, whatever
// else it also is (a "polyglot", a PDF that is also HTML, say). Browsers sniff at most the first 1445 bytes.
const MARKUP = /<\s*(!doctype\s+html|html|head|body|script|svg|iframe|object|embed|meta|style)[\s>/]/i;
export const SNIFFED_BYTES = 4096;

/** What was learnt of an upload: its size, its start, and the type its content says. */
export interface UploadFacts {
  /** The name as the browser sent it. */
  readonly originalName: string;
  readonly bytes: number;
  /** True when the upload was longer than MAX_MATERIAL_BYTES (and was not kept). */
  readonly tooBig: boolean;
  /** The media type read from the content (file-type), if any. */
  readonly detectedType: string | undefined;
  /** The first SNIFFED_BYTES bytes. */
  readonly head: Buffer;
}

export type UploadVerdict = { ok: true; fileName: string; mediaType: MaterialMediaType } | { ok: false; message: string };

/** Whether an upload may become a material; a refusal names the file and says what to do. */
export function judgeUpload(facts: UploadFacts): UploadVerdict {
  const fileName = safeFileName(facts.originalName);
  const shown = fileName ?? 'zonder naam';
  if (fileName === undefined) return { ok: false, message: 'Een bestand heeft geen bruikbare naam. Geef het een naam, bijvoorbeeld "draaiboek.pdf", en voeg het opnieuw toe.' };
  if (facts.tooBig) return { ok: false, message: `"${shown}" is groter dan ${MAX_MATERIAL_BYTES / (1024 * 1024)} MB. Verklein het bestand (of deel het op) en voeg het opnieuw toe.` };
  if (facts.bytes === 0) return { ok: false, message: `"${shown}" is leeg. Kies het juiste bestand en voeg het opnieuw toe.` };
  const type = facts.detectedType === undefined ? undefined : materialTypeOf(facts.detectedType);
  if (type === undefined) return { ok: false, message: `"${shown}" is geen ${ACCEPTED_LIST}-bestand. Alleen die soorten bestanden kunnen bij een praktijk.` };
  if (!type.extensions.includes(extensionOf(fileName))) {
    return { ok: false, message: `"${shown}" is een ${type.label}, maar de naam eindigt niet op .${type.extensions[0]}. Geef het bestand de juiste extensie en voeg het opnieuw toe.` };
  }
  if (MARKUP.test(facts.head.toString('latin1'))) {
    return { ok: false, message: `"${shown}" bevat ook de code van een webpagina en wordt daarom niet aanvaard. Sla het opnieuw op (bijvoorbeeld als PDF afdrukken) en voeg het opnieuw toe.` };
  }
  return { ok: true, fileName, mediaType: type.mediaType as MaterialMediaType };
}

/** A material as a form carries it: the file by hash and what the person typed about it. */
export interface MaterialDraft {
  readonly fileHash: string;
  readonly fileName: string;
  readonly title: string;
  readonly description: string | undefined;
}

export const UNKNOWN_FILE = 'Dit bestand is niet (meer) bekend: voeg het opnieuw toe.';
export const TOO_MANY_FILES = (fileName: string) => `"${fileName}" is niet toegevoegd: een praktijk heeft hoogstens ${MAX_MATERIALS} bestanden. Laat een ander bestand weg als u dit wilt toevoegen.`;

/**
 * The drafts whose file is stored, with the type and size the store knows (never what a form says),
 * and a message for each that is not; the files found get a new grace period.
 */
export function resolveMaterials(store: MaterialStore, drafts: readonly MaterialDraft[], now: string): { materials: PracticeMaterial[]; unknown: MaterialDraft[] } {
  const files = store.find(drafts.map((d) => d.fileHash));
  const materials: PracticeMaterial[] = [];
  const unknown: MaterialDraft[] = [];
  for (const draft of drafts) {
    const file = files.get(draft.fileHash);
    if (!file) {
      unknown.push(draft);
      continue;
    }
    materials.push({ fileHash: file.hash, fileName: draft.fileName, mediaType: file.mediaType, bytes: file.bytes, title: draft.title, description: draft.description });
  }
  store.touch([...files.keys()], now);
  return { materials, unknown };
}

export interface CleanUpReport {
  /** Files no practice used and no form carried within the grace period: row and file removed. */
  readonly unused: string[];
  /** Files on disk without a row (a crash between writing and recording, or a removed row). */
  readonly orphans: string[];
  readonly temporary: number;
}

/**
 * Removes what no one uses: rows and files of unused materials, files without a row, and upload temp
 * files. `startingUp`: no upload is running, so every temp file and orphan goes, however young.
 */
export function cleanUpMaterials(store: MaterialStore, files: MaterialFileStore, now: Date, { startingUp = false } = {}): CleanUpReport {
  const unused = store.removeUnused(new Date(now.getTime() - MATERIAL_GRACE_MS).toISOString());
  for (const hash of unused) files.remove(hash);
  const known = store.hashes();
  const orphanBefore = startingUp ? Number.POSITIVE_INFINITY : now.getTime() - ORPHAN_GRACE_MS;
  const orphans = files
    .list()
    .filter((f) => !known.has(f.hash) && f.modifiedMs < orphanBefore)
    .map((f) => f.hash);
  for (const hash of orphans) files.remove(hash);
  const temporary = files.removeTemporary(startingUp ? Number.POSITIVE_INFINITY : now.getTime() - ORPHAN_GRACE_MS);
  return { unused, orphans, temporary };
}

export interface MaterialDependencies {
  readonly materials: MaterialStore;
  readonly materialFiles: MaterialFileStore;
}

/**
 * Takes this post's uploads into the store where they are acceptable, after the files the form already
 * carried: each accepted file is renamed under its hash and recorded (so it can be carried by hash, not
 * uploaded again); each refused one gets a message naming it. The count includes the carried files.
 */
export async function acceptUploads(
  deps: MaterialDependencies,
  { carried, received, beyondLimit }: { carried: readonly MaterialDraft[]; received: readonly ReceivedMaterial[]; beyondLimit: readonly string[] },
  now: string,
): Promise<{ drafts: MaterialDraft[]; problems: string[] }> {
  const drafts = [...carried];
  const problems: string[] = [];
  for (const upload of received) {
    const detectedType = upload.tooBig || upload.bytes === 0 ? undefined : await deps.materialFiles.detectType(upload.temporaryPath);
    const verdict = judgeUpload({ originalName: upload.originalName, bytes: upload.bytes, tooBig: upload.tooBig, detectedType, head: upload.head });
    if (!verdict.ok) {
      problems.push(verdict.message);
      continue;
    }
    // The same file twice is one material; the first title given stays.
    if (drafts.some((d) => d.fileHash === upload.hash)) continue;
    if (drafts.length >= MAX_MATERIALS) {
      problems.push(TOO_MANY_FILES(verdict.fileName));
      continue;
    }
    deps.materialFiles.commit(upload);
    deps.materials.record({ hash: upload.hash, mediaType: verdict.mediaType, bytes: upload.bytes, storedAt: now });
    drafts.push({ fileHash: upload.hash, fileName: verdict.fileName, title: titleOfFileName(verdict.fileName), description: undefined });
  }
  for (const name of beyondLimit) problems.push(TOO_MANY_FILES(safeFileName(name) ?? 'zonder naam'));
  return { drafts, problems };
}
