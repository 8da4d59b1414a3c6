// What /healthz says about the database: can it be read right now, and is it still set up durably.
import type { Db } from './database.js';
import { SQLITE_DRIVER } from './sqlite-driver.js';
import { sqliteCodeOf } from './sqlite-errors.js';

export type DatabaseHealth =
  | { readonly status: 'ok'; readonly journalMode: string; readonly synchronous: string; readonly schemaVersion: number; readonly driver: string }
  | { readonly status: 'error'; readonly code: string };

const SYNCHRONOUS = ['off', 'normal', 'full', 'extra'];

/** A cheap check, fit for a probe every few seconds: a read of the schema version and two pragmas. */
export function databaseHealth(db: Db): DatabaseHealth {
  try {
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const journalMode = String(db.pragma('journal_mode', { simple: true }));
    const synchronous = SYNCHRONOUS[db.pragma('synchronous', { simple: true }) as number] ?? 'unknown';
    db.prepare('SELECT 1 FROM meta LIMIT 1').get();
    return { status: 'ok', journalMode, synchronous, schemaVersion, driver: SQLITE_DRIVER };
  } catch (error) {
    return { status: 'error', code: sqliteCodeOf(error) ?? (error instanceof Error ? error.name : 'unknown') };
  }
}
