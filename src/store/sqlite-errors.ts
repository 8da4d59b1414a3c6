// What an SQLite error means for the rest of the app: a damaged file (restore a backup) or storage that
// cannot take a write right now (full disk, I/O error, a lock held too long, a read-only file).
import { SqliteError } from './sqlite-driver.js';

const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)(_|$)/;
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|BUSY|READONLY|CANTOPEN)(_|$)/;

/** The SQLite result code of an error (SQLITE_FULL, SQLITE_IOERR_FSYNC…), or undefined for any other error. */
export function sqliteCodeOf(error: unknown): string | undefined {
  return error instanceof SqliteError ? error.code : undefined;
}

/** The database file is not a database or is damaged: only a backup helps. */
export function isDatabaseDamaged(error: unknown): boolean {
  return DAMAGED.test(sqliteCodeOf(error) ?? '');
}

/** Nothing was stored because the storage refused (SQLITE_BUSY only after the busy timeout); trying later may work. */
export function isStorageUnavailable(error: unknown): boolean {
  return UNAVAILABLE.test(sqliteCodeOf(error) ?? '');
}
