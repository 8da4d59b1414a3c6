import { expect } from 'chai';
import { Database } from '../../../src/store/sqlite-driver.js';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { openDatabase } from '../../../src/store/database.js';
import { applyMigrations, readMigrations } from '../../../src/store/migrations.js';
import { MIGRATIONS_DIR, makeTempDir, openStore, practiceInput, removeTempDir } from '../fixtures.js';

const userVersion = (db: Database) => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('database migrations', () => {
  let dir: string | undefined;
  const open: Database[] = [];

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    removeTempDir(dir);
    dir = undefined;
  });

  const openFile = (file = 'praktijkbank.sqlite') => {
    const db = openDatabase({ path: join(dir!, file), migrationsDir: MIGRATIONS_DIR });
    open.push(db);
    return db;
  };

  describe('the project migrations (db/migrations)', () => {
    const latest = Math.max(...readMigrations(MIGRATIONS_DIR).map((m) => m.version));

    it('are numbered from 1 without gaps', () => {
      const versions = readMigrations(MIGRATIONS_DIR).map((m) => m.version);
      expect(versions.length).to.be.greaterThan(0);
      expect(versions).to.deep.equal(versions.map((_, i) => i + 1));
    });

    it('bring a new file to the latest user_version, with every table in place', () => {
      const db = openFile();
      expect(userVersion(db)).to.equal(latest);
      expect(tables(db)).to.include.members([
        'meta',
        'practice_links',
        'practice_municipalities',
        'practice_partners',
        'practice_provinces',
        'practice_terms',
        'practices',
      ]);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'catalogue_version'").get()).to.deep.equal({ value: '0' });
    });

    it('create the directory of the database file when it is missing', () => {
      const path = join(dir!, 'nieuw', 'dieper', 'praktijkbank.sqlite');
      const db = openDatabase({ path, migrationsDir: MIGRATIONS_DIR });
      open.push(db);
      expect(existsSync(path)).to.equal(true);
    });

    it('do nothing when run again on a migrated file, keeping its data', () => {
      const db = openFile();
      db.prepare("INSERT INTO meta (key, value) VALUES ('seeded_at', 'x')").run();
      db.close();

      const again = openFile();
      expect(userVersion(again)).to.equal(latest);
      expect(again.prepare("SELECT value FROM meta WHERE key = 'seeded_at'").get()).to.deep.equal({ value: 'x' });
      expect(applyMigrations(again, MIGRATIONS_DIR)).to.equal(0);
      expect(userVersion(again)).to.equal(latest);
    });

    it('report how many migrations ran on a new file', () => {
      const db = new Database(join(dir!, 'bare.sqlite'));
      open.push(db);
      expect(applyMigrations(db, MIGRATIONS_DIR)).to.equal(readMigrations(MIGRATIONS_DIR).length);
      expect(applyMigrations(db, MIGRATIONS_DIR)).to.equal(0);
    });

    it('count every change to the practices in the catalogue version', () => {
      const { db, practices } = openStore(dir!);
      open.push(db);
      expect(practices.catalogueVersion()).to.equal(0);
      const id = practices.insert({ slug: 'een', status: 'draft', input: practiceInput() });
      expect(practices.catalogueVersion()).to.equal(1);
      db.prepare("UPDATE practices SET status = 'published' WHERE id = ?").run(id);
      expect(practices.catalogueVersion()).to.equal(2);
      db.prepare('DELETE FROM practices WHERE id = ?').run(id);
      expect(practices.catalogueVersion()).to.equal(3);
    });
  });

  describe('opening the database', () => {
    it('turns on write-ahead logging', () => {
      expect(openFile().pragma('journal_mode', { simple: true })).to.equal('wal');
    });

    it('enforces foreign keys', () => {
      const db = openFile();
      expect(db.pragma('foreign_keys', { simple: true })).to.equal(1);
      expect(() => db.prepare("INSERT INTO practice_municipalities (practice_id, nis_code) VALUES (999, '11002')").run()).to.throw(/FOREIGN KEY/);
    });

    it('deletes the child rows of a deleted practice (ON DELETE CASCADE)', () => {
      const { db, practices } = openStore(dir!);
      open.push(db);
      const id = practices.insert({ slug: 'weg', status: 'published', input: practiceInput({ partners: ['CAW Antwerpen'] }) });
      db.prepare('DELETE FROM practices WHERE id = ?').run(id);
      for (const table of ['practice_municipalities', 'practice_terms', 'practice_partners']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).to.deep.equal({ n: 0 });
      }
    });

    it('writes synchronously (FULL) and waits for a lock instead of failing at once', () => {
      const db = openFile();
      expect(db.pragma('synchronous', { simple: true })).to.equal(2); // FULL
      expect(db.pragma('busy_timeout', { simple: true })).to.equal(5000);
    });

    it('sets the pragmas again when an existing file is reopened', () => {
      openFile().close();
      const db = openFile();
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
      expect(db.pragma('foreign_keys', { simple: true })).to.equal(1);
      expect(db.pragma('synchronous', { simple: true })).to.equal(2);
    });
  });

  describe('applyMigrations with migrations of its own', () => {
    let migrations: string;

    beforeEach(() => {
      migrations = makeTempDir();
      writeFileSync(join(migrations, '001-eerste.sql'), 'CREATE TABLE een (id INTEGER PRIMARY KEY);');
      writeFileSync(join(migrations, '002-tweede.sql'), 'CREATE TABLE twee (id INTEGER PRIMARY KEY);');
      writeFileSync(join(migrations, '010-tiende.sql'), 'CREATE TABLE tien (id INTEGER PRIMARY KEY);');
      writeFileSync(join(migrations, 'README.md'), 'geen migratie');
      writeFileSync(join(migrations, 'notes.sql'), 'CREATE TABLE fout (id INTEGER);');
    });

    afterEach(() => {
      removeTempDir(migrations);
    });

    const bare = () => {
      const db = new Database(join(dir!, 'eigen.sqlite'));
      open.push(db);
      return db;
    };

    it('reads only numbered .sql files, in numeric order (10 after 2)', () => {
      expect(readMigrations(migrations).map((m) => [m.version, m.name])).to.deep.equal([
        [1, '001-eerste.sql'],
        [2, '002-tweede.sql'],
        [10, '010-tiende.sql'],
      ]);
    });

    it('applies only the migrations newer than the file', () => {
      const db = bare();
      db.exec('CREATE TABLE een (id INTEGER PRIMARY KEY);');
      db.pragma('user_version = 1');
      expect(applyMigrations(db, migrations)).to.equal(2);
      expect(userVersion(db)).to.equal(10);
      expect(tables(db)).to.deep.equal(['een', 'tien', 'twee']);
    });

    it('leaves the file at the last good version when a migration fails, undoing the failed one', () => {
      writeFileSync(join(migrations, '011-kapot.sql'), 'CREATE TABLE elf (id INTEGER PRIMARY KEY); INSERT INTO bestaat_niet VALUES (1);');
      const db = bare();
      expect(() => applyMigrations(db, migrations)).to.throw(/bestaat_niet/);
      expect(userVersion(db)).to.equal(10);
      expect(tables(db)).to.not.include('elf');
      expect(tables(db)).to.include('tien');
    });
  });
});
