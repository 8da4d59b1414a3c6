// The metadata of uploaded material files (table material_files); the bytes are in material-files.ts.
import type { MaterialMediaType } from '../domain/material-types.js';
import type { MaterialFile, MaterialStore } from '../domain/materials.js';
import type { Db } from './database.js';

interface MaterialFileRow {
  hash: string;
  media_type: MaterialMediaType;
  bytes: number;
  stored_at: string;
}

export class MaterialRepository implements MaterialStore {
  constructor(private readonly db: Db) {}

  record(file: MaterialFile): void {
    this.db
      .prepare(
        `INSERT INTO material_files (hash, media_type, bytes, stored_at) VALUES (@hash, @mediaType, @bytes, @storedAt)
         ON CONFLICT (hash) DO UPDATE SET stored_at = max(stored_at, excluded.stored_at)`,
      )
      .run(file);
  }

  find(hashes: readonly string[]): Map<string, MaterialFile> {
    if (hashes.length === 0) return new Map();
    const rows = this.db
      .prepare('SELECT hash, media_type, bytes, stored_at FROM material_files WHERE hash IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(hashes)) as MaterialFileRow[];
    return new Map(rows.map((r) => [r.hash, { hash: r.hash, mediaType: r.media_type, bytes: r.bytes, storedAt: r.stored_at }]));
  }

  touch(hashes: readonly string[], at: string): void {
    if (hashes.length === 0) return;
    this.db.prepare('UPDATE material_files SET stored_at = max(stored_at, ?) WHERE hash IN (SELECT value FROM json_each(?))').run(at, JSON.stringify(hashes));
  }

  removeUnused(before: string): string[] {
    const rows = this.db
      .prepare(
        `DELETE FROM material_files
         WHERE stored_at < ?
           AND NOT EXISTS (SELECT 1 FROM practice_materials m WHERE m.file_hash = material_files.hash)
           -- A proposed update of a published practice (migration 009) keeps its files until decided.
           AND NOT EXISTS (SELECT 1 FROM practice_updates u, json_each(u.content, '$.materials') j
                           WHERE u.status = 'pending' AND json_extract(j.value, '$.fileHash') = material_files.hash)
         RETURNING hash`,
      )
      .all(before) as { hash: string }[];
    return rows.map((r) => r.hash);
  }

  hashes(): Set<string> {
    return new Set((this.db.prepare('SELECT hash FROM material_files').pluck().all() as string[]));
  }
}
