// All SQL about the moderators' synonym lists (migration 016): one row per saved revision, the newest in use.
import type { NewSynonymRevision, SynonymGroups, SynonymRevision, SynonymStore } from '../domain/synonym-store.js';
import type { Db } from './database.js';
import type { Statement } from './sqlite-driver.js';

interface RevisionRow {
  id: number;
  groups: string;
  moderator_email: string | null;
  created_at: string;
  note: string | null;
}

const SELECT = `SELECT r.id, r.groups, m.email AS moderator_email, r.created_at, r.note
  FROM synonym_revisions r LEFT JOIN moderators m ON m.id = r.moderator_id`;

/** The stored JSON as groups of strings; anything else in a row (edited by hand) is left out rather than trusted. */
function groupsOf(json: string): SynonymGroups {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is unknown[] => Array.isArray(g)).map((g) => g.filter((term): term is string => typeof term === 'string'));
}

const toRevision = (r: RevisionRow): SynonymRevision => ({
  id: r.id,
  groups: groupsOf(r.groups),
  moderatorEmail: r.moderator_email ?? undefined,
  createdAt: r.created_at,
  note: r.note ?? undefined,
});

export class SynonymRepository implements SynonymStore {
  private readonly statements: {
    readonly latest: Statement;
    readonly latestId: Statement;
    readonly byId: Statement;
    readonly list: Statement;
    readonly insert: Statement;
  };

  constructor(private readonly db: Db) {
    this.statements = {
      latest: db.prepare(`${SELECT} ORDER BY r.id DESC LIMIT 1`),
      latestId: db.prepare('SELECT coalesce(max(id), 0) AS id FROM synonym_revisions'),
      byId: db.prepare(`${SELECT} WHERE r.id = ?`),
      list: db.prepare(`${SELECT} ORDER BY r.id DESC`),
      insert: db.prepare('INSERT INTO synonym_revisions (groups, moderator_id, created_at, note) VALUES (?, ?, ?, ?)'),
    };
  }

  latest(): SynonymRevision | undefined {
    const row = this.statements.latest.get() as RevisionRow | undefined;
    return row && toRevision(row);
  }

  latestId(): number {
    return (this.statements.latestId.get() as { id: number }).id;
  }

  findById(id: number): SynonymRevision | undefined {
    const row = this.statements.byId.get(id) as RevisionRow | undefined;
    return row && toRevision(row);
  }

  list(): SynonymRevision[] {
    return (this.statements.list.all() as RevisionRow[]).map(toRevision);
  }

  insert(revision: NewSynonymRevision): number {
    const result = this.statements.insert.run(JSON.stringify(revision.groups), revision.moderatorId, revision.at, revision.note ?? null);
    return Number(result.lastInsertRowid);
  }

  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
