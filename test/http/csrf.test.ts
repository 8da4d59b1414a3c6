// CSRF protection for every form, without a stored session for visitors: a signed token in a cookie
// (csrf-csrf's double submit) that the form must repeat. Sessions, and their rows in the database,
// exist for moderators only.
import { statSync } from 'node:fs';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { formToken, post, submitThroughForm, validFields } from '../support/submissions.js';
import { addModerator, csrfTokenIn, loginAsModerator, startTestApp, TEST_MODERATOR_PASSWORD, useTestApp } from '../support/test-app.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';

const CSRF_REFUSED = 'Uw sessie is verlopen of het formulier is ongeldig. Laad de pagina opnieuw en probeer het nog eens.';

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
}
const cookieNamed = (res: request.Response, name: string) => setCookies(res).find((line) => line.startsWith(`${name}=`));

describe('CSRF protection without stored sessions', function () {
  this.timeout(30_000);
  const t = useTestApp();

  const sessionRows = () => (t.services.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  const storedCount = () => (t.services.db.prepare('SELECT count(*) AS n FROM practices').get() as { n: number }).n;

  describe('an anonymous visitor', () => {
    it('stores no session for 200 views of the submission form, and the database does not grow', async () => {
      t.services.db.pragma('wal_checkpoint(TRUNCATE)');
      const sizeBefore = statSync(t.config.databasePath).size;
      const rowsBefore = sessionRows();
      for (let i = 0; i < 200; i++) {
        const res = await request(t.app).get(i % 2 ? '/indienen' : '/beheer/inloggen').expect(200);
        expect(cookieNamed(res, 'praktijkbank'), 'no session cookie').to.equal(undefined);
        expect(cookieNamed(res, 'praktijkbank-formulier'), 'the form cookie').to.be.a('string');
      }
      expect(sessionRows()).to.equal(rowsBefore);
      t.services.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(statSync(t.config.databasePath).size).to.equal(sizeBefore);
      expect(existsWal(t.config.databasePath), 'nothing waits in the write-ahead log either').to.equal(0);
    });

    it('gets the form cookie as HttpOnly, SameSite=Lax, Path=/, without Domain or expiry: gone when the browser closes', async () => {
      const cookie = cookieNamed(await request(t.app).get('/indienen').expect(200), 'praktijkbank-formulier')!;
      const attributes = cookie.split(';').slice(1).map((a) => a.trim().toLowerCase());
      expect(attributes).to.include.members(['httponly', 'samesite=lax', 'path=/']);
      expect(attributes.some((a) => a.startsWith('domain=') || a.startsWith('expires=') || a.startsWith('max-age='))).to.equal(false);
      expect(attributes, 'not Secure on plain http outside production').not.to.include('secure');
    });

    it('submits a practice with the form token and its cookie, and still no session is stored', async () => {
      const rowsBefore = sessionRows();
      const { statusPath, agent } = await submitThroughForm(t);
      await agent.get(statusPath).expect(200);
      expect(sessionRows()).to.equal(rowsBefore);
    });

    it('keeps one token while the browser keeps its cookie, so two open tabs both work', async () => {
      const agent = request.agent(t.app);
      const first = await formToken(agent);
      const second = await formToken(agent);
      expect(second).to.equal(first);
      await post(agent, '/indienen', { ...validFields(), _csrf: first, step: 'review' }).expect(200);
    });

    it('refuses a POST without a token, with a wrong token, or without the cookie, with a 403 in Dutch, and stores nothing', async () => {
      const before = storedCount();
      const agent = request.agent(t.app);
      const token = await formToken(agent);
      const missing = await post(agent, '/indienen', { ...validFields(), step: 'review' }).expect(403);
      expect(cheerio.load(missing.text)('main').text()).to.contain(CSRF_REFUSED);
      await post(agent, '/indienen', { ...validFields(), _csrf: `${'0'.repeat(64)}.${'0'.repeat(64)}`, step: 'review' }).expect(403);
      await post(agent, '/indienen', { ...validFields(), _csrf: '', step: 'review' }).expect(403);
      // The token alone, from a page this browser saw, without the cookie (another site's form).
      await post(request.agent(t.app), '/indienen', { ...validFields(), _csrf: token, step: 'review' }).expect(403);
      expect(storedCount()).to.equal(before);
    });

    it("refuses another visitor's token with one's own cookie, and a token and cookie the server did not sign", async () => {
      const mine = request.agent(t.app);
      await formToken(mine);
      const theirs = await formToken(request.agent(t.app));
      await post(mine, '/indienen', { ...validFields(), _csrf: theirs, step: 'review' }).expect(403);
      // A made-up pair: the same value in the field and the cookie, but no signature of ours.
      const forged = `${'a'.repeat(64)}.${'b'.repeat(64)}`;
      await request(t.app).post('/indienen').set('Cookie', `praktijkbank-formulier=${forged}`).type('form').send({ ...validFields(), _csrf: forged, step: 'review' }).expect(403);
    });

    it("does not accept a token signed with another installation's secret", async () => {
      const other = startTestApp({ SESSION_SECRET: 'een-ander-geheim-van-minstens-32-tekens' });
      try {
        const res = await request(other.app).get('/indienen').expect(200);
        const cookie = cookieNamed(res, 'praktijkbank-formulier')!.split(';')[0]!;
        await request(t.app).post('/indienen').set('Cookie', cookie).type('form').send({ ...validFields(), _csrf: csrfTokenIn(res.text), step: 'review' }).expect(403);
      } finally {
        other.close();
      }
    });

    it('refuses a token sent twice', async () => {
      const agent = request.agent(t.app);
      const token = await formToken(agent);
      await agent.post('/indienen').type('form').send(`_csrf=${token}&_csrf=${token}&step=edit`).expect(403);
    });

    it('accepts the token in the X-CSRF-Token header too', async () => {
      const agent = request.agent(t.app);
      const token = await formToken(agent);
      await agent.post('/indienen').set('X-CSRF-Token', token).type('form').send({ step: 'edit' }).expect(200);
    });

    it('answers a POST under /api without a token with a JSON 403', async () => {
      const res = await request(t.app).post('/api/v1/practices').send({}).expect(403).expect('Content-Type', /json/);
      expect(res.body).to.deep.equal({ error: { code: 'forbidden', message: CSRF_REFUSED } });
    });
  });

  describe('a moderator', () => {
    it('gets a session, stored, only once the password is accepted', async () => {
      const moderator = await addModerator(t, 'sessie@gemeente.be');
      const agent = request.agent(t.app);
      const rowsBefore = sessionRows();
      const form = await agent.get('/beheer/inloggen').expect(200);
      expect(sessionRows(), 'the login form stores nothing').to.equal(rowsBefore);
      const login = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD });
      expect(login.status).to.equal(303);
      expect(sessionRows(), 'the half-finished login is a session').to.equal(rowsBefore + 1);
    });

    it("binds the token to the moderator's session: a token from before the login, or from another session, is refused", async () => {
      const anonymous = request.agent(t.app);
      const before = await formToken(anonymous);
      const { agent, csrfToken } = await loginAsModerator(t);
      const other = await loginAsModerator(t);
      expect(csrfToken).not.to.equal(before);
      await agent.post('/beheer/uitloggen').type('form').send({ _csrf: other.csrfToken }).expect(403);
      await agent.post('/beheer/uitloggen').type('form').send({ _csrf: before }).expect(403);
      await agent.get('/beheer').expect(200);
      await agent.post('/beheer/uitloggen').type('form').send({ _csrf: csrfToken }).expect(303);
    });
  });
});

describe('the form cookie in production', () => {
  const t = useTestApp({ environment: { NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example', SESSION_SECRET: 'een-productiegeheim-van-minstens-32-tekens', TRUST_PROXY: 'loopback', ...OPERATOR_ENVIRONMENT } });

  it('is __Host-praktijkbank-formulier, Secure, and a form submitted over https with it works', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/indienen').set('X-Forwarded-Proto', 'https').expect(200);
    const cookie = cookieNamed(page, '__Host-praktijkbank-formulier');
    expect(cookie).to.be.a('string');
    expect(cookie!.toLowerCase()).to.contain('; secure');
    const pair = cookie!.split(';')[0]!;
    await request(t.app).post('/indienen').set('X-Forwarded-Proto', 'https').set('Cookie', pair).type('form').send({ ...validFields(), _csrf: csrfTokenIn(page.text), step: 'review' }).expect(200);
  });
});

function existsWal(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
