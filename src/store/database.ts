// Opening the SQLite file: durability pragmas on every open, then the migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** A file path, or ':memory:' for throwaway use. */
  readonly path: string;
  readonly migrationsDir: string;
}

export function openDatabase({ path, migrationsDir }: OpenOptions): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // This build reopens an existing WAL file with synchronous=NORMAL silently: set it every time.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db, migrationsDir);
  return db;
}
