// The stored search index and the revisions of the published practices. SQL only; what the bytes mean
// is src/search's business.
import type { PublishedRevisions, SearchIndexStore, StoredSearchIndex } from '../domain/search-index-store.js';
import type { Db } from './database.js';
import { sqliteCodeOf } from './sqlite-errors.js';

export class SearchIndexRepository implements SearchIndexStore {
  constructor(private readonly db: Db) {}

  /**
   * The catalogue version and the revision of every published practice, read in one transaction so they
   * agree. Undefined when the database has no revisions table (a migration that did not run).
   */
  publishedRevisions(): PublishedRevisions | undefined {
    try {
      return this.db.transaction(() => {
        const version = Number((this.db.prepare("SELECT value FROM meta WHERE key = 'catalogue_version'").get() as { value: string }).value);
        const rows = this.db
          .prepare(
            `SELECT p.id, coalesce(r.revision, -1) FROM practices p LEFT JOIN practice_revisions r ON r.practice_id = p.id
             WHERE p.status = 'published'`,
          )
          .raw()
          .all() as [number, number][];
        return { version, revisions: new Map(rows.map(([id, revision]) => [id, String(revision)])) };
      })();
    } catch (error) {
      if (isMissingTable(error)) return undefined;
      throw error;
    }
  }

  /** The stored index, or undefined when there is none (or its row cannot be read as one). */
  load(): StoredSearchIndex | undefined {
    let row: { catalogue_version: number; revisions: string; data: Buffer } | undefined;
    try {
      row = this.db.prepare('SELECT catalogue_version, revisions, data FROM search_index WHERE id = 1').get() as typeof row;
    } catch (error) {
      if (isMissingTable(error)) return undefined;
      throw error;
    }
    if (!row || !(row.data instanceof Uint8Array)) return undefined;
    let pairs: unknown;
    try {
      pairs = JSON.parse(row.revisions);
    } catch {
      return undefined;
    }
    if (!Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && Number.isSafeInteger(p[0]) && typeof p[1] === 'string')) return undefined;
    return { version: Number(row.catalogue_version), revisions: new Map(pairs as [number, string][]), bytes: row.data };
  }

  /** Replaces the stored index. */
  save(stored: StoredSearchIndex, now = new Date().toISOString()): void {
    this.db
      .prepare(
        `INSERT INTO search_index (id, catalogue_version, revisions, data, built_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET catalogue_version = excluded.catalogue_version, revisions = excluded.revisions,
           data = excluded.data, built_at = excluded.built_at`,
      )
      .run(stored.version, JSON.stringify([...stored.revisions]), Buffer.from(stored.bytes.buffer, stored.bytes.byteOffset, stored.bytes.byteLength), now);
  }

  /** Forgets the stored index, so the next start rebuilds it. */
  clear(): void {
    try {
      this.db.prepare('DELETE FROM search_index').run();
    } catch (error) {
      if (!isMissingTable(error)) throw error;
    }
  }
}

function isMissingTable(error: unknown): boolean {
  return sqliteCodeOf(error) === 'SQLITE_ERROR' && /no such table/.test((error as Error).message);
}
