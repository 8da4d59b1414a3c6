// A damaged database file stops the start with a Dutch message that points to the restore procedure,
// instead of being migrated, served, or failing later on the first request that reads a bad page.
import { expect } from 'chai';
import { SqliteError } from '../../../src/store/sqlite-driver.js';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseDamaged, DatabaseOpenError, openDatabase } from '../../../src/store/database.js';
import { MIGRATIONS_DIR, makeTempDir, openSeededStore, removeTempDir } from '../fixtures.js';

const RESTORE = "Zet de laatste back-up terug: zie README, 'Back-up en herstel'.";

/** Writes bytes into a file at an offset, as a failing disk or a stray process might. */
function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

function openingError(path: string): unknown {
  try {
    openDatabase({ path, migrationsDir: MIGRATIONS_DIR }).close();
  } catch (error) {
    return error;
  }
  throw new Error(`${path} opened without an error`);
}

describe('opening a damaged database (openDatabase)', () => {
  let dir: string;
  let sound: string;
  let pageSize: number;
  let practicesRootPage: number;

  before(() => {
    dir = makeTempDir();
    // The seed catalogue on a closed (checkpointed) file: everything in the main file, nothing in -wal.
    const { db } = openSeededStore(dir);
    pageSize = db.pragma('page_size', { simple: true }) as number;
    practicesRootPage = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'practices'").get() as { rootpage: number }).rootpage;
    db.close();
    sound = join(dir, 'praktijkbank.sqlite');
  });
  after(() => removeTempDir(dir));

  const copyOfSound = (name: string) => {
    const copy = join(dir, name);
    copyFileSync(sound, copy);
    return copy;
  };

  it('opens an undamaged copy of the same file', () => {
    const db = openDatabase({ path: copyOfSound('heel.sqlite'), migrationsDir: MIGRATIONS_DIR });
    expect(db.prepare('SELECT count(*) AS n FROM practices').get()).to.deep.equal({ n: 16 });
    db.close();
  });

  it('refuses a file whose pages were overwritten with garbage, naming quick_check and the restore procedure', () => {
    const path = copyOfSound('vuilnis.sqlite');
    overwrite(path, (practicesRootPage - 1) * pageSize, Buffer.alloc(pageSize, 0xa5));
    const error = openingError(path);
    expect(error).to.be.instanceOf(DatabaseDamaged);
    expect((error as Error).message).to.equal(
      `De database ${path} is beschadigd (quick_check: SQLITE_CORRUPT, database disk image is malformed). Praktijkbank start niet op een beschadigde database. ${RESTORE}`,
    );
  });

  it('passes on what quick_check reports about a file it can still read', () => {
    const path = copyOfSound('vrije-lijst.sqlite');
    // The header claims five free pages that are not there.
    overwrite(path, 36, Buffer.from([0, 0, 0, 5]));
    const error = openingError(path);
    expect(error).to.be.instanceOf(DatabaseDamaged);
    expect((error as Error).message).to.contain('(quick_check: Freelist: size is 0 but should be 5)').and.to.contain(RESTORE);
  });

  it('refuses a file that is not an SQLite database at all (SQLITE_NOTADB)', () => {
    const path = join(dir, 'geen-database.sqlite');
    writeFileSync(path, 'Dit is een tekstbestand, geen database.\n'.repeat(200));
    const error = openingError(path);
    expect(error).to.be.instanceOf(DatabaseDamaged);
    expect((error as Error).message).to.equal(
      `De database ${path} is beschadigd (SQLITE_NOTADB: file is not a database). Praktijkbank start niet op een beschadigde database. ${RESTORE}`,
    );
    expect((error as Error).cause).to.be.instanceOf(SqliteError);
  });

  it('leaves a damaged file exactly as it found it, for whoever investigates', () => {
    const path = copyOfSound('onaangeroerd.sqlite');
    overwrite(path, (practicesRootPage - 1) * pageSize, Buffer.alloc(pageSize, 0x5a));
    const before = readFileSync(path);
    openingError(path);
    expect(readFileSync(path).equals(before)).to.equal(true);
  });

  it('says in Dutch when the path cannot be opened at all, without calling the file damaged', () => {
    const path = join(dir, 'een-map');
    mkdirSync(path);
    const error = openingError(path);
    expect(error).to.be.instanceOf(DatabaseOpenError).and.not.to.be.instanceOf(DatabaseDamaged);
    expect((error as Error).message).to.match(/^De database .*een-map kan niet geopend of beschreven worden \(SQLITE_CANTOPEN: .*\)\. Controleer DATABASE_PATH/);
  });
});
