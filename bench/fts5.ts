// The same searches on SQLite FTS5 over the same practices, for comparison: unicode61 with diacritics
// removed, bm25 with the catalogue's field boosts, top 20, every word required (as Lunr requires
// every word by default). The FTS5 table lives in a file of its own, so the app's database stays as
// the import left it.
import { Database, type Statement } from '../src/store/sqlite-driver.js';
import { rmSync } from 'node:fs';
import { FACETS } from '../src/domain/facets.js';
import type { Practice } from '../src/domain/practice.js';
import { indexTermOf, wordsOf } from '../src/search/dutch-pipeline.js';
import { searchDocumentOf } from '../src/search/practice-document.js';
import { FIELD_BOOSTS } from '../src/search/search-document.js';
import type { BenchQuery } from './queries.js';
import { msSince, now } from './stats.js';

// bm25's weights, in the order of the FTS5 columns: the catalogue's own field boosts.
const FTS_WEIGHTS = [FIELD_BOOSTS.title, FIELD_BOOSTS.summary, FIELD_BOOSTS.tags, FIELD_BOOSTS.body].map((w) => w.toFixed(1)).join(', ');

export interface Fts5Engine {
  /** Ids of the top 20 practices, best first. */
  search(query: BenchQuery): number[];
  close(): void;
}

/** FTS5 query text: each word that Lunr would not drop as a stop word, quoted, as a prefix from 3 letters. */
export function ftsMatchOf(text: string): string | undefined {
  const terms: string[] = [];
  for (const { word } of wordsOf(text)) {
    if (indexTermOf(word) === undefined) continue;
    // Quoted, so no word is ever FTS5 syntax; a prefix, as Lunr also matches longer words for 3+ letters.
    terms.push(`"${word.replace(/"/g, '""')}"${[...word].length >= 3 ? '*' : ''}`);
  }
  return terms.length === 0 ? undefined : terms.join(' AND ');
}

export function buildFts5(file: string, practices: readonly Practice[]): { engine: Fts5Engine; buildMs: number } {
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const start = now();
  db.exec(`
    CREATE VIRTUAL TABLE docs USING fts5(title, summary, tags, body, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TABLE facets (practice_id INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
  `);
  const insertDoc = db.prepare('INSERT INTO docs (rowid, title, summary, tags, body) VALUES (?, ?, ?, ?, ?)');
  const insertFacet = db.prepare('INSERT INTO facets (practice_id, facet, value) VALUES (?, ?, ?)');
  const asOf = new Date();
  db.transaction(() => {
    for (const practice of practices) {
      const d = searchDocumentOf(practice);
      insertDoc.run(d.id, d.title, d.summary, d.tags, d.body);
      // The facet values exactly as the catalogue filters on them (provinces derived, and so on).
      for (const f of FACETS) for (const v of f.valuesOf(practice, asOf)) insertFacet.run(practice.id, f.key, v);
    }
  })();
  db.exec("CREATE INDEX facets_value ON facets (facet, value, practice_id); INSERT INTO docs (docs) VALUES ('optimize');");
  const buildMs = msSince(start);

  const statements = new Map<string, Statement>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const engine: Fts5Engine = {
    search(query) {
      const filters = Object.entries(query.filters).filter(([, values]) => values.length > 0);
      // '+rowid': a plain rowid constraint would make FTS5 run the whole MATCH once per listed rowid.
      const where = filters.map(() => '+rowid IN (SELECT practice_id FROM facets WHERE facet = ? AND value IN (SELECT value FROM json_each(?)))');
      const params = filters.flatMap(([facet, values]) => [facet, JSON.stringify(values)]);
      const match = ftsMatchOf(query.q);
      if (match === undefined) {
        const sql = `SELECT rowid AS id FROM docs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid DESC LIMIT 20`;
        return (statement(sql).all(...params) as { id: number }[]).map((r) => r.id);
      }
      // The field weights are the catalogue's boosts: title 10, summary 4, tags 3, body 1.
      const sql = `SELECT rowid AS id FROM docs WHERE docs MATCH ? ${where.map((w) => `AND ${w}`).join(' ')} ORDER BY bm25(docs, ${FTS_WEIGHTS}) LIMIT 20`;
      return (statement(sql).all(match, ...params) as { id: number }[]).map((r) => r.id);
    },
    close: () => db.close(),
  };
  return { engine, buildMs };
}
