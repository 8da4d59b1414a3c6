// The backup command as an operator runs it: a child process copying the database of a running app,
// while that app keeps taking submissions.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCommand } from '../../support/command.js';
import { Database } from '../../../src/store/sqlite-driver.js';
import { submitThroughForm, validFields } from '../../support/submissions.js';
import { useTestApp } from '../../support/test-app.js';
import { makeTempDir, removeTempDir } from '../../support/store.js';

const backupCommand = (args: string[], env: Record<string, string>) => runCommand('src/cli/backup.ts', args, env);

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

describe('npm run backup (src/cli/backup.ts)', function () {
  this.timeout(30_000);
  const t = useTestApp({ per: 'test' });
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = makeTempDir();
    env = { DATABASE_PATH: t.config.databasePath };
  });
  afterEach(() => removeTempDir(dir));

  it('copies the live database, pending submission included, while the app keeps writing, and checks the copy', async () => {
    const { token } = await submitThroughForm(t, validFields({ title: 'Praktijk die in de back-up moet staan' }));
    // The submission is committed, but only in the -wal file: the copy must include it all the same.
    expect(existsSync(`${t.config.databasePath}-wal`)).to.equal(true);

    const target = join(dir, 'praktijkbank-backup.sqlite');
    const backup = backupCommand([target], env);
    let during = 0;
    let done = false;
    void backup.then(() => (done = true));
    while (!done && during < 20) {
      await submitThroughForm(t, validFields({ title: `Inzending tijdens de back-up ${++during}` }));
    }
    const run = await backup;

    expect(run.code, run.stderr).to.equal(0);
    expect(during, 'submissions stored while the backup ran').to.be.greaterThan(0);
    const summary = /^Back-up gemaakt: (.+) \((\d+(?:,\d)?) kB, (\d+) praktijken: (\d+) wacht op beoordeling, (\d+) gepubliceerd\)\. De kopie is gecontroleerd \(integrity_check: ok\)\.\nMateriaal: 0 bestanden gekopieerd naar .+\.materialen\.\n$/.exec(run.stdout);
    expect(summary, run.stdout).not.to.equal(null);
    const [, path, , total, pending, published] = summary!;
    expect(path).to.equal(target);
    expect(Number(published)).to.equal(16);
    expect(Number(pending)).to.be.within(1, 1 + during);
    expect(Number(total)).to.equal(Number(published) + Number(pending));

    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).to.equal('ok');
      expect(copy.pragma('journal_mode', { simple: true }), 'one self-contained file').to.equal('delete');
      const found = copy
        .prepare('SELECT p.title, p.status FROM submissions s JOIN practices p ON p.id = s.practice_id WHERE s.token_hash = ?')
        .get(sha256(token));
      expect(found).to.deep.equal({ title: 'Praktijk die in de back-up moet staan', status: 'pending' });
      expect(copy.prepare("SELECT count(*) AS n FROM practices WHERE status = 'pending'").get()).to.deep.equal({ n: Number(pending) });
    } finally {
      copy.close();
    }
    expect(statSync(target).size).to.be.greaterThan(0);
    expect(existsSync(`${target}-wal`)).to.equal(false);
  });

  it('refuses to overwrite an existing file unless --force is given', async () => {
    const target = join(dir, 'bestaat-al.sqlite');
    writeFileSync(target, 'de vorige back-up');

    const refused = await backupCommand([target], env);
    expect(refused.code).to.equal(1);
    expect(refused.stderr.trim()).to.equal(`${target} bestaat al. Kies een andere bestandsnaam, of voeg --force toe om het te overschrijven.`);
    expect(readFileSync(target, 'utf8')).to.equal('de vorige back-up');

    const forced = await backupCommand([target, '--force'], env);
    expect(forced.code, forced.stderr).to.equal(0);
    expect(forced.stdout).to.match(/^Back-up gemaakt: .*16 praktijken: 16 gepubliceerd\)/);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.prepare('SELECT count(*) AS n FROM practices').get()).to.deep.equal({ n: 16 });
    } finally {
      copy.close();
    }
  });

  it('refuses to write over the database itself, even with --force', async () => {
    const run = await backupCommand([t.config.databasePath, '--force'], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('is de database zelf');
  });

  it('makes no backup of a damaged database, and leaves no file behind', async () => {
    const damaged = join(dir, 'geen-database.sqlite');
    writeFileSync(damaged, 'Dit is geen SQLite-database.\n'.repeat(300));
    const target = join(dir, 'kopie.sqlite');
    const run = await backupCommand([target], { DATABASE_PATH: damaged });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('kon niet gekopieerd worden (SQLITE_NOTADB').and.to.contain('Er is geen back-up gemaakt.');
    expect(existsSync(target)).to.equal(false);
  });

  it('explains its usage, with exit code 2, without exactly one file', async () => {
    const run = await backupCommand([], env);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('Gebruik: npm run backup -- BESTAND [--force]');
  });
});
