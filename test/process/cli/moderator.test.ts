// The moderator command as an operator runs it: a child process on a temporary database.
import { join } from 'node:path';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { totpCode } from '../../../src/domain/second-factor.js';
import { runCommand } from '../../support/command.js';
import { csrfTokenIn, startTestApp } from '../../support/test-app.js';
import { Database } from '../../../src/store/sqlite-driver.js';
import { makeTempDir, removeTempDir } from '../../support/store.js';

const PASSWORD = 'een lang genoeg wachtwoord';

/** The enrolment link a command printed, as an address on `base`. */
function printedLink(stdout: string, base = 'http://127.0.0.1:3000'): string {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^  (${escaped}/beheer/inschrijven/[A-Za-z0-9_-]{43})$`, 'm').exec(stdout);
  if (!match?.[1]) throw new Error(`no enrolment link on ${base} in:\n${stdout}`);
  return match[1];
}

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

  it('adds a moderator with the password from MODERATOR_PASSWORD, prints an enrolment link, and list shows it', async () => {
    const add = await moderatorCommand(['add', 'x@y.be'], { ...env, MODERATOR_PASSWORD: PASSWORD });
    expect(add.code, add.stderr).to.equal(0);
    expect(add.stdout).to.contain('Moderator x@y.be is aangemaakt.').and.contain('werkt één keer');
    const link = printedLink(add.stdout);

    const list = await moderatorCommand(['list'], env);
    expect(list.code).to.equal(0);
    expect(list.stdout).to.match(/^x@y\.be\tactief\ttweede factor nog niet ingesteld \(inschrijvingslink geldig tot [^)]+\)\t/m);
    expect(list.stdout, 'the choice of e-mail about waiting work, the daily digest by default').to.match(/^x@y\.be\t.*\te-mail: dagoverzicht$/m);
    expect(list.stdout).not.to.contain(link.split('/').at(-1));

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

  it('builds the link on PUBLIC_URL, stores only a hash of it, and says when MODERATOR_2FA is off', async () => {
    const add = await moderatorCommand(['add', 'x@y.be'], { ...env, MODERATOR_PASSWORD: PASSWORD, PUBLIC_URL: 'https://praktijkbank.example', MODERATOR_2FA: 'off' });
    expect(add.code, add.stderr).to.equal(0);
    const token = printedLink(add.stdout, 'https://praktijkbank.example').split('/').at(-1)!;
    expect(add.stdout).to.contain('Daarna is inloggen op https://praktijkbank.example/beheer/inloggen.').and.contain('MODERATOR_2FA staat uit');
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    try {
      const stored = db.prepare('SELECT token_hash FROM enrolment_links').all() as { token_hash: string }[];
      expect(stored).to.have.length(1);
      expect(stored[0]!.token_hash).to.match(/^[0-9a-f]{64}$/).and.not.contain(token);
    } finally {
      db.close();
    }
  });

  it('prints a link that works once: the page shows the QR code, password and code set it up, then it is gone', async () => {
    const add = await moderatorCommand(['add', 'x@y.be'], { ...env, MODERATOR_PASSWORD: PASSWORD });
    expect(add.code, add.stderr).to.equal(0);
    const path = new URL(printedLink(add.stdout)).pathname;
    // The app on the same database, as the operator's running server would be.
    const t = startTestApp({ DATABASE_PATH: env.DATABASE_PATH! });
    try {
      const agent = request.agent(t.app);
      const page = await agent.get(path).expect(200);
      const secret = cheerio.load(page.text)('.secret-key').text().replace(/\s/g, '');
      expect(secret).to.match(/^[A-Z2-7]{32}$/);
      const done = await agent.post(path).type('form').send({ _csrf: csrfTokenIn(page.text), password: PASSWORD, code: totpCode(secret) }).expect(303);
      expect(done.headers.location).to.equal('/beheer');
      await agent.get('/beheer').expect(200);
      await request(t.app).get(path).expect(404);
    } finally {
      t.close();
    }
  });

  it('resets a password, disables, enables and removes an account', async () => {
    const password = { ...env, MODERATOR_PASSWORD: PASSWORD };
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

  it('wipes a second factor with reset-2fa and prints a new link; the link of add no longer works', async () => {
    const add = await moderatorCommand(['add', 'x@y.be'], { ...env, MODERATOR_PASSWORD: PASSWORD });
    expect(add.code).to.equal(0);
    const first = printedLink(add.stdout);
    let second: string;
    const db = new Database(env.DATABASE_PATH);
    try {
      db.prepare("UPDATE moderators SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_last_step = 1 WHERE email = 'x@y.be'").run();
      db.prepare('DELETE FROM enrolment_links').run();
      expect((await moderatorCommand(['list'], env)).stdout).to.match(/^x@y\.be\tactief\ttweede factor ingesteld\t/m);
      const reset = await moderatorCommand(['reset-2fa', 'x@y.be'], env);
      expect(reset.code, reset.stderr).to.equal(0);
      expect(reset.stdout).to.contain('De tweede factor van x@y.be is gewist');
      second = printedLink(reset.stdout);
      expect(second).not.to.equal(first);
      expect(db.prepare("SELECT totp_secret, totp_last_step FROM moderators WHERE email = 'x@y.be'").get()).to.deep.equal({ totp_secret: null, totp_last_step: null });
      expect((await moderatorCommand(['list'], env)).stdout).to.match(/^x@y\.be\tactief\ttweede factor nog niet ingesteld \(inschrijvingslink geldig tot /m);
    } finally {
      db.close();
    }
    const t = startTestApp({ DATABASE_PATH: env.DATABASE_PATH! });
    try {
      await request(t.app).get(new URL(first).pathname).expect(404);
      await request(t.app).get(new URL(second).pathname).expect(200);
    } finally {
      t.close();
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
