// Opening the SQLite file: durability pragmas on every open, a quick check of the file, then the migrations.
import { Database } from './sqlite-driver.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations } from './migrations.js';
import { isDatabaseDamaged, isStorageUnavailable, sqliteCodeOf } from './sqlite-errors.js';

export type Db = Database;

export interface OpenOptions {
  /** A file path, or ':memory:' for throwaway use. */
  readonly path: string;
  readonly migrationsDir: string;
}

const RESTORE_HINT = "Zet de laatste back-up terug: zie README, 'Back-up en herstel'.";

/** The database could not be opened; the message says in Dutch what an operator should do. */
export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The file is not an SQLite database, or PRAGMA quick_check finds it damaged: restore a backup. */
export class DatabaseDamaged extends DatabaseOpenError {
  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(`De database ${path} is beschadigd (${problem}). Praktijkbank start niet op een beschadigde database. ${RESTORE_HINT}`, path, options);
  }
}

export function openDatabase({ path, migrationsDir }: OpenOptions): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // This build reopens an existing WAL file with synchronous=NORMAL silently: set it every time.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Before anything is written: a damaged file must stop the start, not be migrated or served.
    assertUndamaged(db, path);
    applyMigrations(db, migrationsDir);
    assertWritable(db);
    return db;
  } catch (error) {
    db?.close();
    throw openErrorOf(error, path);
  }
}

/** PRAGMA quick_check: the structure of every page, in about the time of reading the file once. */
function assertUndamaged(db: Db, path: string): void {
  let problems: string[];
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    problems = rows
      .map((r) => r.quick_check.replace('*** in database main ***', '').trim().replace(/\s*\n\s*/g, '; '))
      .filter((message) => message !== 'ok');
  } catch (error) {
    // A page too damaged to read makes the check itself fail rather than report.
    if (isDatabaseDamaged(error)) throw new DatabaseDamaged(path, `quick_check: ${sqliteCodeOf(error)}, ${(error as Error).message}`, { cause: error });
    throw error;
  }
  if (problems.length > 0) throw new DatabaseDamaged(path, `quick_check: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}`);
}

/**
 * SQLite opens a file it may not write read-only without a word, and the first write fails much later
 * (a session, a submission). One write that changes nothing (the schema version it already has) says it
 * at the start, where the operator reads the Dutch message instead of a stack trace.
 */
function assertWritable(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.pragma(`user_version = ${version}`);
}

function openErrorOf(error: unknown, path: string): unknown {
  if (error instanceof DatabaseOpenError) return error;
  const code = sqliteCodeOf(error);
  const detail = `${code}: ${(error as Error).message}`;
  if (isDatabaseDamaged(error)) return new DatabaseDamaged(path, detail, { cause: error });
  if (isStorageUnavailable(error)) {
    return new DatabaseOpenError(
      `De database ${path} kan niet geopend of beschreven worden (${detail}). Controleer DATABASE_PATH, de schrijfrechten op het bestand en zijn map, en of de schijf vol is.`,
      path,
      { cause: error },
    );
  }
  return error;
}
