// The moderator command as an operator runs it: a child process on a temporary database.
import { join } from 'node:path';
import { expect } from 'chai';
import { runCommand } from '../../support/command.js';
import { Database } from '../../../src/store/sqlite-driver.js';
import { makeTempDir, removeTempDir } from '../fixtures.js';

const moderatorCommand = (args: string[], env: Record<string, string>) => runCommand('src/cli/moderator.ts', args, env);

describe('npm run moderator (src/cli/moderator.ts)', function () {
  this.timeout(30_000);
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = makeTempDir();
    env = { DATABASE_PATH: join(dir, 'praktijkbank.sqlite') };
  });
  afterEach(() => removeTempDir(dir));

  it('adds a moderator with the password from MODERATOR_PASSWORD, and list shows it', async () => {
    const add = await moderatorCommand(['add', 'x@y.be'], { ...env, MODERATOR_PASSWORD: 'een lang genoeg wachtwoord' });
    expect(add.code, add.stderr).to.equal(0);
    expect(add.stdout).to.contain('x@y.be');

    const list = await moderatorCommand(['list'], env);
    expect(list.code).to.equal(0);
    expect(list.stdout).to.match(/^x@y\.be\tactief\t/m);

    const db = new Database(env.DATABASE_PATH, { readonly: true });
    try {
      const row = db.prepare('SELECT password_hash FROM moderators WHERE email = ?').get('x@y.be') as { password_hash: string };
      expect(row.password_hash).to.match(/^\$argon2id\$/);
    } finally {
      db.close();
    }
  });

  it('refuses a password shorter than 12 characters, in Dutch, with a failing exit code', async () => {
    const add = await moderatorCommand(['add', 'x@y.be'], { ...env, MODERATOR_PASSWORD: 'te kort' });
    expect(add.code).to.not.equal(0);
    expect(add.stderr).to.contain('Het wachtwoord moet minstens 12 tekens lang zijn.');
    expect((await moderatorCommand(['list'], env)).stdout).to.contain('Er zijn nog geen moderatoren');
  });

  it('asks for the password on a terminal only, and says so when there is none and no MODERATOR_PASSWORD', async () => {
    const add = await moderatorCommand(['add', 'x@y.be'], env);
    expect(add.code).to.not.equal(0);
    expect(add.stderr).to.contain('MODERATOR_PASSWORD');
  });

  it('resets a password, disables, enables and removes an account', async () => {
    const password = { ...env, MODERATOR_PASSWORD: 'een lang genoeg wachtwoord' };
    expect((await moderatorCommand(['add', 'x@y.be'], password)).code).to.equal(0);
    expect((await moderatorCommand(['password', 'x@y.be'], { ...env, MODERATOR_PASSWORD: 'een ander lang wachtwoord' })).code).to.equal(0);
    expect((await moderatorCommand(['disable', 'x@y.be'], env)).code).to.equal(0);
    expect((await moderatorCommand(['list'], env)).stdout).to.match(/^x@y\.be\tgeblokkeerd\t/m);
    expect((await moderatorCommand(['enable', 'x@y.be'], env)).code).to.equal(0);
    expect((await moderatorCommand(['remove', 'x@y.be'], env)).code).to.equal(0);
    const missing = await moderatorCommand(['remove', 'x@y.be'], env);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('Er is geen moderator met het e-mailadres x@y.be.');
  });

  it('wipes a second factor with reset-2fa, and list says whether one is set up', async () => {
    expect((await moderatorCommand(['add', 'x@y.be'], { ...env, MODERATOR_PASSWORD: 'een lang genoeg wachtwoord' })).code).to.equal(0);
    const db = new Database(env.DATABASE_PATH);
    try {
      db.prepare("UPDATE moderators SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_last_step = 1 WHERE email = 'x@y.be'").run();
      expect((await moderatorCommand(['list'], env)).stdout).to.match(/^x@y\.be\tactief\ttweede factor ingesteld\t/m);
      const reset = await moderatorCommand(['reset-2fa', 'x@y.be'], env);
      expect(reset.code, reset.stderr).to.equal(0);
      expect(reset.stdout).to.contain('De tweede factor van x@y.be is gewist');
      expect(db.prepare("SELECT totp_secret, totp_last_step FROM moderators WHERE email = 'x@y.be'").get()).to.deep.equal({ totp_secret: null, totp_last_step: null });
      expect((await moderatorCommand(['list'], env)).stdout).to.match(/^x@y\.be\tactief\ttweede factor nog niet ingesteld\t/m);
    } finally {
      db.close();
    }
  });

  it('explains its use for an unknown command or a missing address, with exit code 2', async () => {
    for (const args of [['verwijder', 'x@y.be'], ['add'], []]) {
      const run = await moderatorCommand(args, env);
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.stdout + run.stderr).to.contain('Gebruik: npm run moderator --');
    }
  });
});
