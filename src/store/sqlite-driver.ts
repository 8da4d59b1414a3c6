// The SQLite driver for the running Node. better-sqlite3 12 is the last line that runs on Node 20, but
// on Node 24.19 and later its statements can abort the whole process when the garbage collector frees
// them (node::ObjectWrap now removes a cleanup hook in its destructor; better-sqlite3 13 moved to
// Node-API and fixed it, and needs Node 22). Both have the same API and write the same file format, so
// Node 22+ gets 13 (installed under the alias better-sqlite3-napi) and Node 20 keeps 12.
// Everything that opens a database imports it from here, never from 'better-sqlite3' directly.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

export const SQLITE_DRIVER = nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';

// Chosen at run time, by Node version.
export const Database = require(SQLITE_DRIVER) as typeof BetterSqlite3;
export type Database = BetterSqlite3.Database;
export type Statement = BetterSqlite3.Statement;
export const SqliteError: typeof BetterSqlite3.SqliteError = Database.SqliteError;
export type SqliteError = BetterSqlite3.SqliteError;
