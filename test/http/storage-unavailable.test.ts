// When SQLite cannot store (full disk, I/O error, a lock held past the busy timeout, a read-only file),
// the user gets a 503 that says nothing was stored: never a confirmation of what was lost.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { SqliteError } from '../../src/store/sqlite-driver.js';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../../src/config.js';
import { findSubmission } from '../../src/domain/submission.js';
import { errorHandler } from '../../src/http/middleware/error-handler.js';
import { requestLog } from '../../src/http/middleware/request-log.js';
import { paths } from '../../src/paths.js';
import { captureLog } from '../support/log-capture.js';
import { formKeyIn, formToken, post, statusTokenOf, validFields } from '../support/submissions.js';
import { addModerator, csrfTokenIn, TEST_MODERATOR_PASSWORD, useTestApp } from '../support/test-app.js';
import { operatorView } from '../../src/http/presenters/operator-presenter.js';
import { viewFragments } from '../../src/http/view-fragments.js';
import { viewEngine } from '../../src/http/view-engine.js';

const NOT_STORED =
  'Praktijkbank kan uw gegevens nu niet opslaan. Er is niets bewaard. Probeer het over enkele minuten opnieuw; wat u invulde staat nog in het formulier als u teruggaat.';

const codeOf = (error: unknown) => (error as { code?: unknown }).code;

describe('a database that cannot store', () => {
  describe('POST /indienen (step=confirm) on a full disk', () => {
    const t = useTestApp({ per: 'test', serverErrors: 'allow' });

    // The disk is full: not one more page may be added to the file, and none is free inside it.
    const fillDisk = () => {
      expect(t.services.db.pragma('freelist_count', { simple: true }), 'no free page to reuse').to.equal(0);
      t.services.db.pragma(`max_page_count = ${t.services.db.pragma('page_count', { simple: true }) as number}`);
    };
    const makeRoom = () => t.services.db.pragma('max_page_count = 1073741823');
    // A long description needs pages of its own; a short one might fit in the free space of existing pages.
    const longPractice = (title: string) => validFields({ title, aanpak: 'Huisbezoeken, een buurtpensioen en een ontmoetingsruimte. '.repeat(100) });

    const counts = () => ({
      practices: t.services.db.prepare('SELECT count(*) AS n FROM practices').get(),
      submissions: t.services.db.prepare('SELECT count(*) AS n FROM submissions').get(),
      events: t.services.db.prepare('SELECT count(*) AS n FROM practice_events').get(),
    });

    it('answers 503 with the Dutch page and Retry-After, stores nothing and sends no one to a status page', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const fields = longPractice('Buurtpensioen op een volle schijf');
      const review = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).expect(200);
      const formKey = formKeyIn(review.text);
      const token = statusTokenOf(formKey);
      const before = counts();

      fillDisk();
      const res = await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: formKey });

      expect(res.status).to.equal(503);
      expect(res.headers.location, 'no redirect to a status page').to.equal(undefined);
      expect(res.headers['retry-after']).to.equal('120');
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.equal('Uw gegevens zijn niet bewaard');
      expect($('main').text()).to.contain(NOT_STORED);
      expect($('title').text()).to.contain('Niet bewaard');
      expect(t.serverErrors.map(codeOf), 'logged as a server error').to.deep.equal(['SQLITE_FULL']);

      makeRoom();
      expect(counts()).to.deep.equal(before);
      expect(findSubmission(t.services, token)).to.equal(undefined);
      expect(t.services.db.prepare('SELECT count(*) AS n FROM practices WHERE title = ?').get(fields.title)).to.deep.equal({ n: 0 });
      await agent.get(paths.submissionStatus(token)).expect(404);
    });

    it('takes the same confirmation once the disk has room again: going back and confirming works', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const fields = longPractice('Buurtpensioen na een volle schijf');
      const review = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).expect(200);
      const formKey = formKeyIn(review.text);
      const token = statusTokenOf(formKey);

      fillDisk();
      await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: formKey }).expect(503);
      makeRoom();

      const again = await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: formKey }).expect(303);
      expect(again.headers.location).to.equal(`${paths.submissionStatus(token)}?ontvangen=1`);
      expect(findSubmission(t.services, token)?.practice).to.include({ title: fields.title, status: 'pending' });
    });
  });

  describe('a full disk while a session is written', () => {
    const t = useTestApp({ per: 'test', serverErrors: 'allow' });

    const fillDisk = () => {
      t.services.db.pragma('wal_checkpoint(TRUNCATE)');
      t.services.db.exec('VACUUM');
      t.services.db.pragma(`max_page_count = ${t.services.db.pragma('page_count', { simple: true }) as number}`);
    };
    const makeRoom = () => t.services.db.pragma('max_page_count = 1073741823');

    it('still shows the submission form and takes it to the review: a visitor needs no stored session', async () => {
      fillDisk();
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      await post(agent, '/indienen', { ...validFields(), _csrf, step: 'review' }).expect(200);
    });

    // No page is left and the sessions table's own pages are full to the last byte, so the next session
    // row cannot be written anywhere (other tables keep the room they have).
    const fillSessionPages = () => {
      fillDisk();
      const insert = t.services.db.prepare("INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, 9999999999999)");
      let n = 0;
      for (const size of [400, 100, 20, 1]) {
        try {
          for (;;) insert.run(`opvulling-${String(++n).padStart(8, '0')}`, 'x'.repeat(size));
        } catch (error) {
          expect(codeOf(error)).to.equal('SQLITE_FULL');
        }
      }
    };
    const realSessions = () => (t.services.db.prepare("SELECT count(*) AS n FROM sessions WHERE sid NOT LIKE 'opvulling-%'").get() as { n: number }).n;

    it("answers a moderator's login whose session cannot be stored with the 503 that says nothing was stored, not a CSRF 403 or a false welcome", async () => {
      const moderator = await addModerator(t, 'volle.schijf@gemeente.be');
      const agent = request.agent(t.app);
      const form = await agent.get('/beheer/inloggen').expect(200);
      fillSessionPages();
      const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD });
      expect(res.status).to.equal(503);
      expect(res.headers.location, 'no redirect into the login').to.equal(undefined);
      expect(res.headers['retry-after']).to.equal('120');
      expect(cheerio.load(res.text)('main').text()).to.contain(NOT_STORED);
      expect(t.serverErrors.map(codeOf)).to.include('SQLITE_FULL');
      makeRoom();
      expect(realSessions()).to.equal(0);
      // With room again, the same browser logs in.
      const again = await agent.get('/beheer/inloggen').expect(200);
      await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(again.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD }).expect(303);
    });
  });

  describe('the error handler', () => {
    let captured = captureLog();
    const logged = () => captured.serverErrors();
    const failing = (error: Error) => {
      const config = loadConfig({ NODE_ENV: 'test' });
      const app = express();
      app.use(requestLog(captured.logger));
      app.set('views', config.viewsDir);
      app.engine('ejs', viewEngine({ viewsDir: config.viewsDir, production: false }));
      app.set('view engine', 'ejs');
      app.locals.paths = paths;
      app.locals.operator = operatorView(config.operator);
      app.locals.fragments = viewFragments({ viewsDir: config.viewsDir, production: false }).inText;
      app.use((req, res, next) => {
        res.locals.currentPath = req.path;
        next();
      });
      app.post('/indienen', () => {
        throw error;
      });
      app.get('/api/v1/practices', () => {
        throw error;
      });
      app.use(errorHandler());
      return app;
    };
    beforeEach(() => {
      captured = captureLog();
    });

    for (const [code, message] of [
      ['SQLITE_FULL', 'database or disk is full'],
      ['SQLITE_IOERR', 'disk I/O error'],
      ['SQLITE_IOERR_FSYNC', 'disk I/O error'],
      ['SQLITE_BUSY', 'database is locked'],
      ['SQLITE_READONLY', 'attempt to write a readonly database'],
      ['SQLITE_CANTOPEN', 'unable to open database file'],
    ] as const) {
      it(`maps ${code} to 503 with Retry-After, as a page and as JSON under /api, and logs it`, async () => {
        const app = failing(new SqliteError(message, code));
        const page = await request(app).post('/indienen').expect(503);
        expect(page.headers['retry-after']).to.equal('120');
        expect(page.type).to.equal('text/html');
        expect(cheerio.load(page.text)('main').text()).to.contain(NOT_STORED);

        const api = await request(app).get('/api/v1/practices').expect(503);
        expect(api.headers['retry-after']).to.equal('120');
        expect(api.body).to.deep.equal({ error: { code: 'storage_unavailable', message: NOT_STORED } });
        expect(logged().map(codeOf), 'each logged once, with its code').to.deep.equal([code, code]);
      });
    }

    it('keeps any other SQLite error a 500 without Retry-After', async () => {
      const app = failing(new SqliteError('UNIQUE constraint failed: practices.slug', 'SQLITE_CONSTRAINT_UNIQUE'));
      const page = await request(app).post('/indienen').expect(500);
      expect(page.headers['retry-after']).to.equal(undefined);
      expect(page.text).not.to.contain('Er is niets bewaard');
      const api = await request(app).get('/api/v1/practices').expect(500);
      expect(api.body.error.code).to.equal('internal_error');
      expect(logged()).to.have.length(2);
    });
  });
});
