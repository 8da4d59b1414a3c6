// An online copy of the live database with SQLite's backup API: it reads one consistent snapshot while
// the app keeps writing (WAL readers never block writers), and is checked before it gets its name.
import { Database } from './sqlite-driver.js';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isDatabaseDamaged, sqliteCodeOf } from './sqlite-errors.js';

/** A backup that was not made; the message says in Dutch why and what to do. */
export class BackupError extends Error {}

export interface BackupOptions {
  /** The live database (DATABASE_PATH). */
  readonly source: string;
  readonly target: string;
  /** Replace a file that already exists at target. */
  readonly overwrite: boolean;
  /** The uploaded materials (MATERIALS_DIR): the files the copy's rows name are copied beside it. */
  readonly materialsDir?: string;
}

/** Where the material files of a backup go: a folder beside it, laid out as MATERIALS_DIR is. */
export const materialsBackupOf = (target: string) => `${target}.materialen`;

export interface BackupSummary {
  readonly target: string;
  readonly bytes: number;
  /** How many practices the copy holds, per status (published, pending…). */
  readonly practicesByStatus: Readonly<Record<string, number>>;
  /** How many material files were copied beside the backup, and the hashes whose file was missing. */
  readonly materials: { readonly copied: number; readonly missing: readonly string[] };
}

// Copy every page in one step: one snapshot, so a write in between never restarts the copy.
const ALL_PAGES = 0x7fffffff;

export async function backupDatabase({ source, target, overwrite, materialsDir }: BackupOptions): Promise<BackupSummary> {
  if (resolve(source) === resolve(target)) throw new BackupError(`${target} is de database zelf. Kies een ander bestand voor de back-up.`);
  if (existsSync(target) && !overwrite) throw new BackupError(`${target} bestaat al. Kies een andere bestandsnaam, of voeg --force toe om het te overschrijven.`);
  if (!existsSync(dirname(resolve(target)))) throw new BackupError(`De map ${dirname(resolve(target))} bestaat niet. Maak ze eerst aan.`);
  if (!existsSync(source)) throw new BackupError(`Er is geen database op ${source} (DATABASE_PATH). Er is niets gekopieerd.`);

  // Written next to the target and renamed only once checked: a failed run never leaves a half backup under its name.
  const partial = `${target}.${process.pid}.deel`;
  const partialMaterials = `${materialsBackupOf(target)}.${process.pid}.deel`;
  removeDatabaseFiles(partial);
  rmSync(partialMaterials, { recursive: true, force: true });
  try {
    await copyLive(source, partial);
    const { practicesByStatus, materialHashes } = verifiedCopy(partial);
    // The files the snapshot names: they never change under their hash, so copying them after the snapshot is consistent.
    const materials = materialsDir === undefined ? { copied: 0, missing: [] } : copyMaterials(materialsDir, materialHashes, partialMaterials);
    // rename replaces an existing target in one step; what SQLite kept beside the old file must go first.
    if (overwrite) for (const side of ['-wal', '-shm', '-journal']) rmSync(`${target}${side}`, { force: true });
    if (materialsDir !== undefined) {
      rmSync(materialsBackupOf(target), { recursive: true, force: true });
      renameSync(partialMaterials, materialsBackupOf(target));
    }
    renameSync(partial, target);
    return { target, bytes: statSync(target).size, practicesByStatus, materials };
  } finally {
    removeDatabaseFiles(partial);
    rmSync(partialMaterials, { recursive: true, force: true });
  }
}

async function copyLive(source: string, partial: string): Promise<void> {
  let db: Database | undefined;
  try {
    db = new Database(source, { fileMustExist: true });
    await db.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    throw new BackupError(`De database ${source} kon niet gekopieerd worden (${sqliteCodeOf(error) ?? 'fout'}: ${(error as Error).message}). Er is geen back-up gemaakt.`, { cause: error });
  } finally {
    db?.close();
  }
}

function copyMaterials(materialsDir: string, hashes: readonly string[], into: string): { copied: number; missing: string[] } {
  mkdirSync(into, { recursive: true });
  let copied = 0;
  const missing: string[] = [];
  for (const hash of hashes) {
    const relative = join(hash.slice(0, 2), `${hash}.bin`);
    if (!existsSync(join(materialsDir, relative))) {
      missing.push(hash);
      continue;
    }
    mkdirSync(join(into, hash.slice(0, 2)), { recursive: true });
    try {
      copyFileSync(join(materialsDir, relative), join(into, relative));
    } catch (error) {
      throw new BackupError(`Het materiaalbestand ${relative} kon niet gekopieerd worden (${(error as Error).message}). Er is geen back-up gemaakt.`, { cause: error });
    }
    copied += 1;
  }
  return { copied, missing };
}

/** Checks the whole copy (integrity_check, not just quick_check) and makes it one self-contained file. */
function verifiedCopy(path: string): { practicesByStatus: Record<string, number>; materialHashes: string[] } {
  const db = new Database(path, { fileMustExist: true });
  try {
    // The copy carries the WAL flag of the live file; in rollback mode it is a single file to move around.
    db.pragma('journal_mode = DELETE');
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((m) => m !== 'ok');
    if (problems.length > 0) {
      throw new BackupError(
        `De kopie is niet in orde (integrity_check: ${problems.slice(0, 3).join('; ')}). Er is geen back-up gemaakt; de database zelf is mogelijk beschadigd.`,
      );
    }
    const rows = db.prepare('SELECT status, count(*) AS n FROM practices GROUP BY status').all() as { status: string; n: number }[];
    const hasMaterials = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'material_files'").get() !== undefined;
    const materialHashes = hasMaterials ? (db.prepare('SELECT hash FROM material_files ORDER BY hash').pluck().all() as string[]) : [];
    return { practicesByStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])), materialHashes };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    if (isDatabaseDamaged(error)) {
      throw new BackupError(
        `De kopie is niet in orde (${sqliteCodeOf(error)}: ${(error as Error).message}). Er is geen back-up gemaakt; de database zelf is mogelijk beschadigd.`,
        { cause: error },
      );
    }
    throw new BackupError(`De kopie kon niet gecontroleerd worden (${sqliteCodeOf(error) ?? 'fout'}: ${(error as Error).message}). Er is geen back-up gemaakt.`, { cause: error });
  } finally {
    db.close();
  }
}

/** A database file with what SQLite keeps beside it: a stale -wal next to a new file would be replayed into it. */
function removeDatabaseFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true });
}
