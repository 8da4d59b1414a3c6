// Moderator login and logout, sessions, CSRF, the lock-out and the rate limit, as a browser meets them.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { ConfigError } from '../../src/config.js';
import { LOGIN_ATTEMPTS_PER_WINDOW } from '../../src/http/middleware/rate-limits.js';
import { addModerator, csrfTokenIn, errorSummary, enterSecondFactor, loginAsModerator, startTestApp, TEST_MODERATOR_PASSWORD, type TestApp } from '../support/test-app.js';

const GENERIC = 'Het e-mailadres of wachtwoord klopt niet.';
const CSRF_REFUSED = 'Uw sessie is verlopen of het formulier is ongeldig. Laad de pagina opnieuw en probeer het nog eens.';

interface SetCookie {
  name: string;
  value: string;
  attributes: string[];
}

function cookiesOf(res: request.Response): SetCookie[] {
  const header = res.headers['set-cookie'] as unknown;
  const lines = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  return lines.map((line) => {
    const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()) };
  });
}

function sessionCookie(res: request.Response, name = 'praktijkbank'): SetCookie {
  const cookie = cookiesOf(res).find((c) => c.name === name);
  if (!cookie) throw new Error(`no ${name} cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return cookie;
}

/** The session id inside a signed express-session cookie value (s:<id>.<signature>). */
const sessionIdOf = (cookie: SetCookie) => decodeURIComponent(cookie.value).replace(/^s:/, '').replace(/\.[^.]*$/, '');

/** Minutes from now until the cookie expires. */
function minutesLeft(cookie: SetCookie): number {
  const expires = cookie.attributes.find((a) => a.startsWith('expires='));
  if (!expires) throw new Error('the cookie has no expiry');
  return (Date.parse(expires.slice('expires='.length)) - Date.now()) / 60_000;
}

/** A browser with the login form open: its agent, and the token of that form. */
async function atLoginForm(t: TestApp, path = '/beheer/inloggen') {
  const agent = request.agent(t.app);
  const page = await agent.get(path).expect(200);
  return { agent, page, token: csrfTokenIn(page.text) };
}

describe('moderator login', function () {
  this.timeout(20_000);
  let t: TestApp;
  before(() => {
    t = startTestApp();
  });
  after(() => t.close());
  afterEach(() => expect(t.serverErrors, 'no request may end in a server error').to.deep.equal([]));

  describe('GET /beheer/inloggen', () => {
    it('shows a Dutch login form with a CSRF token, kept out of every cache', async () => {
      const res = await request(t.app).get('/beheer/inloggen').expect(200).expect('Content-Type', /html/);
      expect(res.headers['cache-control']).to.equal('no-store');
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.contain('Inloggen');
      const form = $('form[method="post"][action="/beheer/inloggen"]');
      expect(form).to.have.length(1);
      expect(form.find('input[type="hidden"][name="_csrf"]').attr('value')).to.match(/^[0-9a-f]{64,}$/);
      expect(form.find('label[for="email"]').text()).to.equal('E-mailadres');
      expect(form.find('input#email[type="email"][autocomplete="username"]')).to.have.length(1);
      expect(form.find('label[for="password"]').text()).to.equal('Wachtwoord');
      expect(form.find('input#password[type="password"][autocomplete="current-password"]')).to.have.length(1);
      expect($('script:not([src])'), 'no inline script').to.have.length(0);
      expect($('[style]'), 'no inline style').to.have.length(0);
    });

    it('starts a session for the form token, in an HttpOnly, SameSite=Lax cookie that is not Secure on plain http', async () => {
      const cookie = sessionCookie(await request(t.app).get('/beheer/inloggen').expect(200));
      expect(cookie.attributes).to.include.members(['httponly', 'samesite=lax', 'path=/']);
      expect(cookie.attributes).not.to.include('secure');
      expect(cookie.attributes.some((a) => a.startsWith('domain='))).to.equal(false);
    });

    it('starts no session on a page without a form', async () => {
      for (const url of ['/', '/praktijken', '/over']) {
        const res = await request(t.app).get(url).expect(200);
        expect(res.headers['set-cookie'], url).to.equal(undefined);
      }
    });
  });

  describe('POST /beheer/inloggen', () => {
    it('logs in with password and code: a 303 to /beheer, a new session id at each step and an HttpOnly, SameSite=Lax cookie', async () => {
      const moderator = await addModerator(t, 'inloggen@gemeente.be');
      const { agent, page, token } = await atLoginForm(t);
      const before = sessionIdOf(sessionCookie(page));

      const password = await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: 'Inloggen@Gemeente.be', password: TEST_MODERATOR_PASSWORD }).expect(303);
      expect(password.headers.location).to.equal('/beheer/inloggen/code');
      const halfway = sessionIdOf(sessionCookie(password));
      expect(halfway).not.to.equal(before);
      const res = await enterSecondFactor(t, agent, moderator.id);
      expect(res.headers.location).to.equal('/beheer');
      expect(res.headers['cache-control']).to.equal('no-store');
      const cookie = sessionCookie(res);
      expect(cookie.attributes).to.include.members(['httponly', 'samesite=lax', 'path=/']);
      const after = sessionIdOf(cookie);
      expect(after).not.to.equal(before).and.not.to.equal(halfway);
      expect(minutesLeft(cookie), 'the idle timeout of a login').to.be.within(29, 30);
      const sids = (t.services.db.prepare('SELECT sid FROM sessions').all() as { sid: string }[]).map((r) => r.sid);
      expect(sids).to.include(after).and.not.include(before);

      const home = await agent.get('/beheer').expect(200);
      expect(home.headers['cache-control']).to.equal('no-store');
      expect(cheerio.load(home.text)('.moderator-bar').text()).to.contain(moderator.email);
    });

    it('answers a wrong password with a 400 and one generic Dutch message, keeping the typed address', async () => {
      await addModerator(t, 'fout@gemeente.be');
      const { agent, token } = await atLoginForm(t);
      const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: 'fout@gemeente.be', password: 'niet het wachtwoord' }).expect(400);
      expect(res.headers['cache-control']).to.equal('no-store');
      const $ = cheerio.load(res.text);
      expect(errorSummary(res.text)).to.contain(GENERIC);
      expect($('#email').attr('value')).to.equal('fout@gemeente.be');
      expect($('#password').attr('value')).to.equal('');
      expect($('input[name="_csrf"]').attr('value')).to.equal(token);
    });

    it('answers an unknown address exactly like a wrong password', async () => {
      await addModerator(t, 'bestaat@gemeente.be');
      const answer = async (email: string) => {
        const { agent, token } = await atLoginForm(t);
        const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email, password: 'niet het wachtwoord' });
        return { status: res.status, text: res.text.replaceAll(token, 'TOKEN').replaceAll(email, 'EMAIL') };
      };
      expect(await answer('niemand@gemeente.be')).to.deep.equal(await answer('bestaat@gemeente.be'));
    });

    it('asks for an empty address or password, each beside its field', async () => {
      const { agent, token } = await atLoginForm(t);
      const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: '  ', password: '' }).expect(400);
      const summary = errorSummary(res.text);
      expect(summary).to.contain('Vul uw e-mailadres in.').and.contain('Vul uw wachtwoord in.');
      const $ = cheerio.load(res.text);
      expect($('#email-error').text()).to.contain('Vul uw e-mailadres in.');
      expect($('#password').attr('aria-invalid')).to.equal('true');
    });

    it('returns to the moderation page that sent the moderator to log in', async () => {
      await addModerator(t, 'terug@gemeente.be');
      const agent = request.agent(t.app);
      const guarded = await agent.get('/beheer/praktijken/1?tab=geschiedenis').expect(303);
      expect(guarded.headers.location).to.equal('/beheer/inloggen?returnTo=%2Fbeheer%2Fpraktijken%2F1%3Ftab%3Dgeschiedenis');
      const form = await agent.get(guarded.headers.location!).expect(200);
      expect(cheerio.load(form.text)('input[name="returnTo"]').attr('value')).to.equal('/beheer/praktijken/1?tab=geschiedenis');
      await agent
        .post('/beheer/inloggen')
        .type('form')
        .send({ _csrf: csrfTokenIn(form.text), email: 'terug@gemeente.be', password: TEST_MODERATOR_PASSWORD, returnTo: '/beheer/praktijken/1?tab=geschiedenis' })
        .expect(303);
      const res = await enterSecondFactor(t, agent, t.services.moderators.findByEmail('terug@gemeente.be')!.id);
      expect(res.headers.location).to.equal('/beheer/praktijken/1?tab=geschiedenis');
    });

    for (const returnTo of ['https://elders.example/beheer', '//elders.example/beheer', '/\\elders.example', '/praktijken', '/beheer/../praktijken', 'javascript:alert(1)']) {
      it(`never returns to ${returnTo}, only to a page under /beheer`, async () => {
        const { moderator, password } = { moderator: await addModerator(t), password: TEST_MODERATOR_PASSWORD };
        const { agent, token } = await atLoginForm(t, `/beheer/inloggen?returnTo=${encodeURIComponent(returnTo)}`);
        await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: moderator.email, password, returnTo }).expect(303);
        const res = await enterSecondFactor(t, agent, moderator.id);
        expect(res.headers.location).to.equal('/beheer');
      });
    }

    it('sends a moderator who is logged in already on from the login page', async () => {
      const { agent } = await loginAsModerator(t);
      const res = await agent.get('/beheer/inloggen').expect(303);
      expect(res.headers.location).to.equal('/beheer');
    });
  });

  describe('POST /beheer/uitloggen', () => {
    it('ends the session: the row is gone, the cookie cleared, and the old cookie opens nothing', async () => {
      const { agent, csrfToken } = await loginAsModerator(t);
      const page = await agent.get('/beheer').expect(200);
      expect(cheerio.load(page.text)('form[action="/beheer/uitloggen"] input[name="_csrf"]').attr('value')).to.equal(csrfToken);
      const before = (t.services.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;

      const res = await agent.post('/beheer/uitloggen').type('form').send({ _csrf: csrfToken }).expect(303);
      expect(res.headers.location).to.equal('/beheer/inloggen?uitgelogd=1');
      const cleared = sessionCookie(res);
      expect(cleared.value).to.equal('');
      expect((t.services.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n).to.equal(before - 1);

      const after = await agent.get('/beheer').expect(303);
      expect(after.headers.location).to.equal('/beheer/inloggen');
      const notice = await agent.get('/beheer/inloggen?uitgelogd=1').expect(200);
      expect(cheerio.load(notice.text)('.notice').text()).to.contain('U bent uitgelogd.');
    });

    it('refuses a logout without the token (a forged logout from another site)', async () => {
      const { agent } = await loginAsModerator(t);
      await agent.post('/beheer/uitloggen').type('form').send({}).expect(403);
      await agent.get('/beheer').expect(200);
    });
  });

  describe('the moderator guard', () => {
    it('sends a visitor without a session from /beheer to the login page', async () => {
      const res = await request(t.app).get('/beheer').expect(303);
      expect(res.headers.location).to.equal('/beheer/inloggen');
      expect(res.headers['cache-control']).to.equal('no-store');
    });

    it('refuses a POST with a valid token but without a login with a 403', async () => {
      const { agent, token } = await atLoginForm(t);
      const res = await agent.post('/beheer/praktijken/1/beslissing').type('form').send({ _csrf: token, decision: 'publish' }).expect(403);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(cheerio.load(res.text)('main').text()).to.contain('Log opnieuw in');
    });

    it('ends the login after the absolute session time, however busy the moderator', async () => {
      const { agent, moderator } = await loginAsModerator(t);
      const nineHoursAgo = Date.now() - 9 * 60 * 60_000;
      t.services.db
        .prepare("UPDATE sessions SET data = json_set(data, '$.loggedInAt', ?) WHERE json_extract(data, '$.moderatorId') = ?")
        .run(nineHoursAgo, moderator.id);
      const res = await agent.get('/beheer').expect(303);
      expect(res.headers.location).to.equal('/beheer/inloggen');
      expect(t.services.db.prepare("SELECT count(*) AS n FROM sessions WHERE json_extract(data, '$.moderatorId') = ?").get(moderator.id)).to.deep.equal({ n: 0 });
    });

    it('ends the login after the idle time', async () => {
      const { agent, moderator } = await loginAsModerator(t);
      t.services.db.prepare("UPDATE sessions SET expires_at = ? WHERE json_extract(data, '$.moderatorId') = ?").run(Date.now() - 1, moderator.id);
      expect((await agent.get('/beheer').expect(303)).headers.location).to.equal('/beheer/inloggen');
    });

    it('rolls the idle time forward with every request, in the cookie and in the store', async () => {
      const { agent, moderator } = await loginAsModerator(t);
      const expiry = () => (t.services.db.prepare("SELECT expires_at AS at FROM sessions WHERE json_extract(data, '$.moderatorId') = ?").get(moderator.id) as { at: number }).at;
      t.services.db.prepare("UPDATE sessions SET expires_at = ? WHERE json_extract(data, '$.moderatorId') = ?").run(Date.now() + 60_000, moderator.id);
      const res = await agent.get('/beheer').expect(200);
      expect(expiry()).to.be.greaterThan(Date.now() + 29 * 60_000);
      expect(sessionCookie(res).attributes.find((a) => a.startsWith('expires='))).not.to.equal(undefined);
    });

    it('ends the login of a moderator whose account was disabled meanwhile', async () => {
      const { agent, moderator } = await loginAsModerator(t);
      t.services.moderators.setDisabled(moderator.id, true);
      expect((await agent.get('/beheer').expect(303)).headers.location).to.equal('/beheer/inloggen');
    });
  });

  describe('CSRF protection', () => {
    it('refuses a POST without a token with a 403 and a Dutch page', async () => {
      await addModerator(t, 'csrf@gemeente.be');
      const res = await request(t.app).post('/beheer/inloggen').type('form').send({ email: 'csrf@gemeente.be', password: TEST_MODERATOR_PASSWORD }).expect(403);
      expect(res.headers['content-type']).to.match(/html/);
      expect(cheerio.load(res.text)('main').text()).to.contain(CSRF_REFUSED);
    });

    it('refuses a wrong token, and the token of another session', async () => {
      const { agent } = await atLoginForm(t);
      const other = await atLoginForm(t);
      for (const _csrf of ['0'.repeat(256), other.token, '']) {
        await agent.post('/beheer/inloggen').type('form').send({ _csrf, email: 'csrf@gemeente.be', password: TEST_MODERATOR_PASSWORD }).expect(403);
      }
    });

    it('refuses a token sent twice', async () => {
      const { agent, token } = await atLoginForm(t);
      await agent.post('/beheer/inloggen').type('form').send(`_csrf=${token}&_csrf=${token}&email=a%40b.be&password=x`).expect(403);
    });

    it('accepts the token in the X-CSRF-Token header too', async () => {
      const { agent, token } = await atLoginForm(t);
      await agent.post('/beheer/inloggen').set('X-CSRF-Token', token).type('form').send({ email: '', password: '' }).expect(400);
    });

    it('answers a POST under /api without a token with a JSON 403', async () => {
      const res = await request(t.app).post('/api/v1/practices').send({}).expect(403).expect('Content-Type', /json/);
      expect(res.body).to.deep.equal({ error: { code: 'forbidden', message: CSRF_REFUSED } });
    });

    it('gives the public submission form a working token and a session, without a login', async () => {
      const res = await request(t.app).get('/indienen').expect(200);
      const token = csrfTokenIn(res.text);
      const cookie = sessionCookie(res);
      const stored = t.services.db.prepare('SELECT data FROM sessions WHERE sid = ?').get(sessionIdOf(cookie)) as { data: string };
      expect(JSON.parse(stored.data)).to.include({ csrfToken: token });
      expect(minutesLeft(cookie), 'a public form may take a while to fill in').to.be.within(119, 120);
    });
  });
});

describe('moderator lock-out', function () {
  this.timeout(20_000);
  let t: TestApp;
  before(() => {
    t = startTestApp();
  });
  after(() => t.close());

  it('locks an account for a while after 5 wrong passwords, then refuses even the right one', async () => {
    await addModerator(t, 'slot@gemeente.be');
    const { agent, token } = await atLoginForm(t);
    const attempt = (password: string) => agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: 'slot@gemeente.be', password });
    for (let i = 1; i <= 4; i++) expect(errorSummary((await attempt(`fout ${i}`).expect(400)).text)).to.contain(GENERIC);
    expect(errorSummary((await attempt('fout 5').expect(400)).text)).to.contain('tijdelijk geblokkeerd').and.contain('Probeer het over 15 minuten opnieuw.');
    const locked = await attempt(TEST_MODERATOR_PASSWORD).expect(400);
    expect(errorSummary(locked.text)).to.contain('tijdelijk geblokkeerd');
    expect((await agent.get('/beheer').expect(303)).headers.location).to.equal('/beheer/inloggen');
  });
});

describe('login rate limit per address', function () {
  this.timeout(20_000);
  let t: TestApp;
  before(() => {
    t = startTestApp();
  });
  after(() => t.close());

  it(`answers a 429 in Dutch after ${LOGIN_ATTEMPTS_PER_WINDOW} failed logins from one address, whatever the account`, async () => {
    await addModerator(t, 'limiet@gemeente.be');
    const { agent, token } = await atLoginForm(t);
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_WINDOW; i++) {
      await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: `onbekend${i}@gemeente.be`, password: 'raden maar' }).expect(400);
    }
    const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: 'limiet@gemeente.be', password: TEST_MODERATOR_PASSWORD }).expect(429);
    expect(Number(res.headers['retry-after'])).to.be.within(1, 15 * 60);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(cheerio.load(res.text)('main').text()).to.contain('te vaak geprobeerd in te loggen');
    expect(t.serverErrors).to.deep.equal([]);
  });

  it('does not count successful logins', async () => {
    const fresh = startTestApp();
    try {
      // Colleagues behind one office address, each with an account (one account cannot log in
      // twelve times in half a minute: each code works once).
      for (let i = 0; i < LOGIN_ATTEMPTS_PER_WINDOW + 2; i++) await loginAsModerator(fresh);
    } finally {
      fresh.close();
    }
  });
});

describe('sessions in production', function () {
  this.timeout(20_000);

  it('refuses to start without SESSION_SECRET', () => {
    expect(() => startTestApp({ NODE_ENV: 'production' })).to.throw(ConfigError, /SESSION_SECRET/);
  });

  describe('behind a TLS proxy named in TRUST_PROXY', () => {
    let t: TestApp;
    before(() => {
      t = startTestApp({ NODE_ENV: 'production', SESSION_SECRET: 'een-productiegeheim-van-minstens-32-tekens', TRUST_PROXY: 'loopback' });
    });
    after(() => t.close());

    it('names the cookie __Host-praktijkbank and marks it Secure, HttpOnly, SameSite=Lax, Path=/ without a Domain', async () => {
      const res = await request(t.app).get('/beheer/inloggen').set('X-Forwarded-Proto', 'https').expect(200);
      const cookie = sessionCookie(res, '__Host-praktijkbank');
      expect(cookie.attributes).to.include.members(['secure', 'httponly', 'samesite=lax', 'path=/']);
      expect(cookie.attributes.some((a) => a.startsWith('domain='))).to.equal(false);
    });

    it('logs in over https with that cookie', async () => {
      await addModerator(t, 'productie@gemeente.be');
      const agent = request.agent(t.app);
      const form = await agent.get('/beheer/inloggen').set('X-Forwarded-Proto', 'https').expect(200);
      const cookie = sessionCookie(form, '__Host-praktijkbank');
      const res = await request(t.app)
        .post('/beheer/inloggen')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', `${cookie.name}=${cookie.value}`)
        .type('form')
        .send({ _csrf: csrfTokenIn(form.text), email: 'productie@gemeente.be', password: TEST_MODERATOR_PASSWORD })
        .expect(303);
      expect(sessionCookie(res, '__Host-praktijkbank').attributes).to.include('secure');
    });

    it('never sends the Secure cookie over plain http', async () => {
      const res = await request(t.app).get('/beheer/inloggen').expect(200);
      expect(res.headers['set-cookie']).to.equal(undefined);
    });
  });
});
