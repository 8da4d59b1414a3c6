// The server process as an operator meets it: first start on a new database file, health check,
// SIGTERM, and a configuration mistake.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Database } from '../../src/store/sqlite-driver.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { openDatabase } from '../../src/store/database.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startServer(env: Record<string, string>, user?: { uid: number; gid: number }): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function listeningUrl(server: Started): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const match = /luistert op (http:\/\/[^\s"]+)/.exec(server.output());
    if (match?.[1]) return match[1];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the server did not start:\n${server.output()}`);
}

describe('the server process (src/main.ts)', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'praktijkbank-main-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, migrates and seeds a new database on first start, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const databasePath = join(dir, 'nieuw', 'praktijkbank.sqlite');
    const server = startServer({ DATABASE_PATH: databasePath });
    try {
      const url = await listeningUrl(server);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.include({ status: 'ok', practices: 16 });
      server.child.kill('SIGTERM');
      expect(await server.exit).to.equal(0);
    } finally {
      server.child.kill('SIGKILL');
    }
    expect(existsSync(databasePath)).to.equal(true);
    const db = new Database(databasePath, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).to.be.greaterThan(0);
      expect(db.prepare("SELECT count(*) AS n FROM practices WHERE status = 'published'").get()).to.deep.equal({ n: 16 });
    } finally {
      db.close();
    }
  });

  it('logs JSON lines, and says at every start when the second factor is turned off', async () => {
    const databasePath = join(dir, 'zonder-2fa.sqlite');
    for (const [setting, warned] of [['off', true], ['required', false], ['off', true]] as const) {
      const server = startServer({ DATABASE_PATH: databasePath, MODERATOR_2FA: setting });
      try {
        await listeningUrl(server);
        server.child.kill('SIGTERM');
        expect(await server.exit).to.equal(0);
      } finally {
        server.child.kill('SIGKILL');
      }
      const lines = server.output().trim().split('\n').map((line) => JSON.parse(line) as { level: number; event?: string });
      expect(lines.map((l) => l.event)).to.include.members(['started', 'stopping']);
      const warning = lines.find((l) => l.event === 'second_factor_off');
      expect(Boolean(warning), `MODERATOR_2FA=${setting}`).to.equal(warned);
      if (warning) expect(warning.level).to.equal(40);
    }
  });

  it('does not seed again on a second start, and keeps what is in the database', async () => {
    const databasePath = join(dir, 'tweede.sqlite');
    for (let run = 0; run < 2; run++) {
      const server = startServer({ DATABASE_PATH: databasePath });
      await listeningUrl(server);
      server.child.kill('SIGTERM');
      expect(await server.exit).to.equal(0);
    }
    const db = new Database(databasePath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM practices').get()).to.deep.equal({ n: 16 });
    } finally {
      db.close();
    }
  });

  const RESTORE = "Zet de laatste back-up terug: zie README, 'Back-up en herstel'.";

  it('refuses to start on a damaged database: exit 1, the Dutch message with the restore procedure, no stack trace', async () => {
    const databasePath = join(dir, 'beschadigd.sqlite');
    const db = openDatabase({ path: databasePath, migrationsDir: join(PROJECT_ROOT, 'db', 'migrations') });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'practices'").get() as { rootpage: number };
    db.close();
    const fd = openSync(databasePath, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);

    const server = startServer({ DATABASE_PATH: databasePath });
    expect(await server.exit).to.equal(1);
    expect(server.output().trim()).to.equal(
      `De database ${databasePath} is beschadigd (quick_check: SQLITE_CORRUPT, database disk image is malformed). Praktijkbank start niet op een beschadigde database. ${RESTORE}`,
    );
  });

  it('refuses to start on a file that is not a database, in the same words', async () => {
    const databasePath = join(dir, 'tekst.sqlite');
    writeFileSync(databasePath, 'Dit is geen SQLite-database.\n'.repeat(300));
    const server = startServer({ DATABASE_PATH: databasePath });
    expect(await server.exit).to.equal(1);
    expect(server.output()).to.contain(`De database ${databasePath} is beschadigd (SQLITE_NOTADB: file is not a database).`).and.to.contain(RESTORE);
    expect(server.output()).not.to.match(/\n\s+at /);
  });

  // root writes any file whatever its mode. As root the server runs as nobody, who owns the folder but
  // finds the file read-only — where nobody can run this Node and read the project (CI's Node 24 lives
  // in a folder only root may enter); otherwise the database sits on a small filesystem mounted
  // read-only. Another user needs only the file's mode. Where none of these can be made, it skips.
  it('refuses to start on a database file it may not write: exit 1, the Dutch message, no stack trace', async function () {
    const NOBODY = 65534;
    const asRoot = process.getuid?.() === 0;
    const nobodyCanRunUs = () => spawnSync(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: PROJECT_ROOT, uid: NOBODY, gid: NOBODY, stdio: 'ignore' }).status === 0;
    const folder = join(dir, 'alleen-lezen');
    mkdirSync(folder);
    const databasePath = join(folder, 'praktijkbank.sqlite');
    let user: { uid: number; gid: number } | undefined;
    let mounted = false;
    if (asRoot && nobodyCanRunUs()) {
      user = { uid: NOBODY, gid: NOBODY };
    } else if (asRoot) {
      mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', folder], { stdio: 'ignore' }).status === 0;
      if (!mounted) {
        console.warn('    (skipped: as root, neither another user nor a read-only filesystem can be had here)');
        this.skip();
      }
    }
    try {
      openDatabase({ path: databasePath, migrationsDir: join(PROJECT_ROOT, 'db', 'migrations') }).close();
      if (user) {
        chmodSync(dir, 0o755);
        for (const path of [folder, databasePath]) chownSync(path, NOBODY, NOBODY);
      }
      chmodSync(databasePath, 0o444);
      if (mounted) expect(spawnSync('mount', ['-o', 'remount,ro', folder]).status, 'remounted read-only').to.equal(0);

      const server = startServer({ DATABASE_PATH: databasePath, SEED_CATALOGUE: 'false' }, user);
      expect(await server.exit).to.equal(1);
      // A read-only file says SQLITE_READONLY; a read-only filesystem, where not even the -shm file can
      // be made, SQLITE_CANTOPEN: the same message for the operator.
      expect(server.output()).to.match(new RegExp(`De database ${databasePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} kan niet geopend of beschreven worden \\(SQLITE_(READONLY|CANTOPEN)`));
      expect(server.output()).to.contain('Controleer DATABASE_PATH, de schrijfrechten op het bestand en zijn map');
      expect(server.output()).not.to.match(/\n\s+at /);
    } finally {
      if (mounted) spawnSync('umount', [folder]);
    }
  });

  it('refuses to start in production without naming its operator: exit 1, the Dutch message naming each missing setting, no stack trace', async () => {
    const databasePath = join(dir, 'zonder-beheerder.sqlite');
    const production = { DATABASE_PATH: databasePath, NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example', SESSION_SECRET: 'een-productiegeheim-van-minstens-32-tekens' };
    const server = startServer(production);
    expect(await server.exit).to.equal(1);
    const output = server.output();
    expect(output).to.match(/^Ongeldige configuratie: OPERATOR_NAME: verplicht als NODE_ENV=production/);
    expect(output).to.contain('; OPERATOR_ADDRESS: verplicht als NODE_ENV=production').and.to.contain('; OPERATOR_EMAIL: verplicht als NODE_ENV=production');
    expect(output).not.to.match(/\n\s+at /);
    expect(existsSync(databasePath)).to.equal(false);

    const withoutEmail = startServer({ ...production, OPERATOR_NAME: OPERATOR_ENVIRONMENT.OPERATOR_NAME, OPERATOR_ADDRESS: OPERATOR_ENVIRONMENT.OPERATOR_ADDRESS });
    expect(await withoutEmail.exit).to.equal(1);
    expect(withoutEmail.output()).to.match(/^Ongeldige configuratie: OPERATOR_EMAIL: verplicht als NODE_ENV=production, het e-mailadres/);
    expect(withoutEmail.output()).not.to.contain('OPERATOR_NAME');
  });

  it('starts in production once its operator is named, and shows it in the footer', async () => {
    const server = startServer({ DATABASE_PATH: join(dir, 'met-beheerder.sqlite'), NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example', SESSION_SECRET: 'een-productiegeheim-van-minstens-32-tekens', ...OPERATOR_ENVIRONMENT });
    try {
      const url = await listeningUrl(server);
      const footer = (await (await fetch(`${url}/over`)).text()).split('<footer')[1] ?? '';
      expect(footer).to.contain(OPERATOR_ENVIRONMENT.OPERATOR_NAME).and.to.contain(`mailto:${OPERATOR_ENVIRONMENT.OPERATOR_EMAIL}`).and.not.to.contain('Testinstallatie');
      server.child.kill('SIGTERM');
      expect(await server.exit).to.equal(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('refuses to start on a bad PORT, naming the variable in Dutch', async () => {
    const server = startServer({ DATABASE_PATH: join(dir, 'nooit.sqlite'), PORT: 'drieduizend' });
    expect(await server.exit).to.equal(1);
    expect(server.output()).to.contain('Ongeldige configuratie: PORT');
    expect(existsSync(join(dir, 'nooit.sqlite'))).to.equal(false);
  });
});
