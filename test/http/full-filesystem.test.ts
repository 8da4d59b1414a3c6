// A real full disk: the database on a small tmpfs that a file fills to the last byte. Where the test
// cannot mount one (not root, no mount permission), it skips with a notice; the same answers are also
// checked on every machine with SQLite's own page limit (storage-unavailable.test.ts).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { formKeyIn, formToken, post, validFields } from '../support/submissions.js';
import { addModerator, csrfTokenIn, TEST_MODERATOR_PASSWORD, useTestApp } from '../support/test-app.js';

const NOT_STORED = 'Praktijkbank kan uw gegevens nu niet opslaan. Er is niets bewaard.';

function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes a file until the filesystem refuses another byte. */
function fillFilesystem(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  try {
    for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (;;) writeSync(fd, chunk, 0, size);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full filesystem under the database', function () {
  this.timeout(30_000);
  let mountPoint: string;
  let mounted = false;

  before(function () {
    mountPoint = mkdtempSync(join(tmpdir(), 'praktijkbank-volle-schijf-'));
    mounted = tryMountTmpfs(mountPoint, '16m');
    if (!mounted) {
      console.warn('    (skipped: no small filesystem can be mounted here — needs root and mount permission)');
      this.skip();
    }
  });
  const t = useTestApp({ per: 'test', environment: () => ({ DATABASE_PATH: join(mountPoint, 'praktijkbank.sqlite') }), serverErrors: 'allow' });
  afterEach(() => {
    rmSync(join(mountPoint, 'vulling'), { force: true });
  });
  after(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  const full = () => {
    t.services.db.pragma('wal_checkpoint(TRUNCATE)');
    fillFilesystem(join(mountPoint, 'vulling'));
    expect(statfsSync(mountPoint).bavail, 'not one block left').to.equal(0);
  };
  const room = () => rmSync(join(mountPoint, 'vulling'));

  it('answers a confirmed submission with 503 "niets bewaard", stores nothing, and takes the same confirmation once there is room', async () => {
    const app = t;
    const agent = request.agent(app.app);
    const _csrf = await formToken(agent);
    const fields = validFields({ title: 'Praktijk op een volle schijf' });
    const review = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).expect(200);
    const key = formKeyIn(review.text);
    full();
    const res = await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: key });
    expect(res.status).to.equal(503);
    expect(cheerio.load(res.text)('main').text()).to.contain(NOT_STORED);
    room();
    expect(app.services.db.prepare('SELECT count(*) AS n FROM practices WHERE title = ?').get(fields.title)).to.deep.equal({ n: 0 });
    await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: key }).expect(303);
  });

  it("answers a moderator's login with 503 \"niets bewaard\", not the 403 'sessie verlopen', and lets them in once there is room", async () => {
    const app = t;
    const moderator = await addModerator(app, 'schijf.vol@gemeente.be');
    const agent = request.agent(app.app);
    const form = await agent.get('/beheer/inloggen').expect(200);
    full();
    const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD });
    expect(res.status).to.equal(503);
    expect(res.headers['retry-after']).to.equal('120');
    expect(cheerio.load(res.text)('main').text()).to.contain(NOT_STORED);
    room();
    const again = await agent.get('/beheer/inloggen').expect(200);
    await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(again.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD }).expect(303);
  });

  it('still shows the forms and the catalogue on a full disk: reading and a visitor\'s form need no write', async () => {
    const app = t;
    full();
    const agent = request.agent(app.app);
    await agent.get('/praktijken?q=onthaal').expect(200);
    const _csrf = await formToken(agent);
    await post(agent, '/indienen', { ...validFields(), _csrf, step: 'review' }).expect(200);
    await agent.get('/beheer/inloggen').expect(200);
  });
});
