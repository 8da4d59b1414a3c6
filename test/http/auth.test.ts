// Moderator login and logout, sessions, CSRF, and a login that reveals nothing: one answer to every
// failure, a slow-down instead of a lock-out, known devices, and the flood limit per address.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { ConfigError } from '../../src/config.js';
import { THROTTLE_POLICIES, delayAfter, throttleKey } from '../../src/domain/login-throttle.js';
import { LOGIN_FAILED_MESSAGE } from '../../src/http/controllers/auth-controller.js';
import { LOGIN_FLOOD_LIMIT } from '../../src/http/middleware/rate-limits.js';
import { addModerator, type Agent, csrfTokenIn, enterSecondFactor, errorSummary, loginAsModerator, startTestApp, TEST_MODERATOR_PASSWORD, type TestApp, useTestApp } from '../support/test-app.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';

const GENERIC = LOGIN_FAILED_MESSAGE;

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
  const t = useTestApp();

  describe('GET /beheer/inloggen', () => {
    it('shows a Dutch login form with a CSRF token, kept out of every cache', async () => {
      const res = await request(t.app).get('/beheer/inloggen').expect(200).expect('Content-Type', /html/);
      expect(res.headers['cache-control']).to.equal('no-store');
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.contain('Inloggen');
      const form = $('form[method="post"][action="/beheer/inloggen"]');
      expect(form).to.have.length(1);
      expect(form.find('input[type="hidden"][name="_csrf"]').attr('value')).to.match(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
      expect(form.find('label[for="email"]').text()).to.equal('E-mailadres');
      expect(form.find('input#email[type="email"][autocomplete="username"]')).to.have.length(1);
      expect(form.find('label[for="password"]').text()).to.equal('Wachtwoord');
      expect(form.find('input#password[type="password"][autocomplete="current-password"]')).to.have.length(1);
      expect($('script:not([src])'), 'no inline script').to.have.length(0);
      expect($('[style]'), 'no inline style').to.have.length(0);
    });

    it('starts no session on a page without a form', async () => {
      for (const url of ['/', '/praktijken', '/over']) {
        const res = await request(t.app).get(url).expect(200);
        expect(res.headers['set-cookie'], url).to.equal(undefined);
      }
    });
  });

  describe('POST /beheer/inloggen', () => {
    it('logs in with password and code: no session before the password, a 303 to /beheer, a new session id at each step and an HttpOnly, SameSite=Lax cookie', async () => {
      const moderator = await addModerator(t, 'inloggen@gemeente.be');
      const { agent, page, token } = await atLoginForm(t);
      expect(cookiesOf(page).map((c) => c.name), 'the login form needs no session').not.to.include('praktijkbank');

      const password = await agent.post('/beheer/inloggen').type('form').send({ _csrf: token, email: 'Inloggen@Gemeente.be', password: TEST_MODERATOR_PASSWORD }).expect(303);
      expect(password.headers.location).to.equal('/beheer/inloggen/code');
      const halfway = sessionIdOf(sessionCookie(password));
      const res = await enterSecondFactor(t, agent, moderator.id);
      expect(res.headers.location).to.equal('/beheer');
      expect(res.headers['cache-control']).to.equal('no-store');
      const cookie = sessionCookie(res);
      expect(cookie.attributes).to.include.members(['httponly', 'samesite=lax', 'path=/']);
      const after = sessionIdOf(cookie);
      expect(after).not.to.equal(halfway);
      expect(minutesLeft(cookie), 'the idle timeout of a login').to.be.within(29, 30);
      const sids = (t.services.db.prepare('SELECT sid FROM sessions').all() as { sid: string }[]).map((r) => r.sid);
      expect(sids).to.include(after).and.not.include(halfway);

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

});

describe('a login that reveals nothing and that no one can lock', function () {
  this.timeout(60_000);
  // The loopback proxy is trusted, so each scenario can come from a client address of its own.
  const t = useTestApp({ environment: { TRUST_PROXY: 'loopback' } });

  interface Browser {
    readonly agent: Agent;
    readonly token: string;
    readonly address: string;
  }

  /** A browser at the login form, from client address `address`; an agent passed in keeps its cookies. */
  async function browserAt(address: string, agent: Agent = request.agent(t.app)): Promise<Browser> {
    const page = await agent.get('/beheer/inloggen').set('X-Forwarded-For', address).expect(200);
    return { agent, token: csrfTokenIn(page.text), address };
  }

  const tryLogin = (b: Browser, email: string, password: string) =>
    b.agent.post('/beheer/inloggen').set('X-Forwarded-For', b.address).type('form').send({ _csrf: b.token, email, password });

  /** Lets `ms` pass for the throttle: every failure it counts moves that far into the past. */
  const letTimePass = (ms: number) => t.services.db.prepare('UPDATE login_throttle SET last_failure_at = last_failure_at - ?, forget_at = forget_at - ?').run(ms, ms);

  /** `n` wrong passwords, each one checked: a quarter of an hour (the longest delay) passes before every next one. */
  async function guess(b: Browser, email: string, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      if (i > 0) letTimePass(15 * 60_000);
      const res = await tryLogin(b, email, `gok ${i}`);
      expect(res.status, `guess ${i + 1}`).to.equal(400);
      expect(errorSummary(res.text)).to.equal(`Er is een probleem ${GENERIC}`);
    }
  }

  const failuresCounted = (email: string) =>
    (t.services.db.prepare('SELECT failures FROM login_throttle WHERE key = ?').get(throttleKey({ kind: 'account', email })) as { failures: number } | undefined)?.failures ?? 0;

  it('answers the 5th, 10th and 20th wrong password alike for an existing and an unknown address: same status, message and page', async () => {
    await addModerator(t, 'bestaand@gemeente.be');
    const known = await browserAt('198.51.100.1');
    const unknown = await browserAt('198.51.100.2');
    const seen = (b: Browser, res: request.Response, email: string) => ({
      status: res.status,
      summary: errorSummary(res.text),
      page: res.text.replaceAll(b.token, 'TOKEN').replaceAll(email, 'EMAIL'),
    });
    for (let n = 1; n <= 20; n++) {
      const a = seen(known, await tryLogin(known, 'bestaand@gemeente.be', `fout ${n}`), 'bestaand@gemeente.be');
      const b = seen(unknown, await tryLogin(unknown, 'onbekend@gemeente.be', `fout ${n}`), 'onbekend@gemeente.be');
      if (n === 5 || n === 10 || n === 20) {
        expect(a, `attempt ${n}`).to.deep.equal(b);
        expect(a.status).to.equal(400);
        expect(a.summary).to.equal(`Er is een probleem ${GENERIC}`);
      }
    }
    // Both were counted, and slowed down, beyond the free failures.
    expect(failuresCounted('bestaand@gemeente.be')).to.be.greaterThan(THROTTLE_POLICIES.account.freeFailures);
    expect(failuresCounted('onbekend@gemeente.be')).to.be.greaterThan(THROTTLE_POLICIES.account.freeFailures);
  });

  it('answers a disabled account with the right password like an unknown address', async () => {
    const m = await addModerator(t, 'uitgeschakeld@gemeente.be');
    t.services.moderators.setDisabled(m.id, true);
    const a = await browserAt('198.51.100.3');
    const disabled = await tryLogin(a, m.email, TEST_MODERATOR_PASSWORD);
    const unknown = await tryLogin(a, 'nooit@gemeente.be', TEST_MODERATOR_PASSWORD);
    expect(disabled.status).to.equal(400);
    expect(disabled.text.replaceAll(m.email, 'EMAIL')).to.equal(unknown.text.replaceAll('nooit@gemeente.be', 'EMAIL'));
  });

  it('slows a guesser down: after a dozen failures even the right password is refused, from any address, until the delay has passed', async () => {
    const m = await addModerator(t, 'doelwit@gemeente.be');
    const attacker = await browserAt('203.0.113.10');
    await guess(attacker, m.email, 12);
    const delay = delayAfter(12, THROTTLE_POLICIES.account);
    expect(delay).to.equal(64_000);

    const refused = await tryLogin(attacker, m.email, TEST_MODERATOR_PASSWORD);
    expect(refused.status).to.equal(400);
    expect(errorSummary(refused.text)).to.equal(`Er is een probleem ${GENERIC}`);
    const elsewhere = await browserAt('203.0.113.11');
    expect((await tryLogin(elsewhere, m.email, TEST_MODERATOR_PASSWORD)).status, 'the account is slowed down, not only the address').to.equal(400);
    letTimePass(delay - 4_000);
    expect((await tryLogin(elsewhere, m.email, TEST_MODERATOR_PASSWORD)).status, 'four seconds before the end of the delay').to.equal(400);

    letTimePass(4_000);
    const res = await tryLogin(elsewhere, m.email, TEST_MODERATOR_PASSWORD).expect(303);
    expect(res.headers.location).to.equal('/beheer/inloggen/code');
    await enterSecondFactor(t, elsewhere.agent, m.id);
    await elsewhere.agent.get('/beheer').expect(200);
  });

  it('lets the moderator in from a known device, with the right password and code, while the account is under attack', async () => {
    const { agent, moderator, csrfToken } = await loginAsModerator(t, { email: 'belaagd@gemeente.be' });
    expect(t.services.moderators.countDevices(moderator.id), 'the login made this browser a known device').to.equal(1);
    await agent.post('/beheer/uitloggen').type('form').send({ _csrf: csrfToken }).expect(303);

    const attacker = await browserAt('203.0.113.20');
    await guess(attacker, moderator.email, 12);
    expect((await tryLogin(attacker, moderator.email, TEST_MODERATOR_PASSWORD)).status, 'the account is slowed down').to.equal(400);
    expect((await tryLogin(await browserAt('192.0.2.50'), moderator.email, TEST_MODERATOR_PASSWORD)).status, 'also for a new browser of the moderator').to.equal(400);

    const mine = await browserAt('192.0.2.50', agent);
    const res = await tryLogin(mine, moderator.email, TEST_MODERATOR_PASSWORD).expect(303);
    expect(res.headers.location).to.equal('/beheer/inloggen/code');
    const done = await enterSecondFactor(t, agent, moderator.id);
    expect(done.headers.location).to.equal('/beheer');
    await agent.get('/beheer').expect(200);
    expect(t.services.moderators.countDevices(moderator.id), 'the same device, renewed').to.equal(1);
  });

  it('sets the known-device cookie after a full login: random, HttpOnly, SameSite=Strict, for 90 days', async () => {
    const m = await addModerator(t);
    const b = await browserAt('192.0.2.60');
    await tryLogin(b, m.email, TEST_MODERATOR_PASSWORD).expect(303);
    const done = await enterSecondFactor(t, b.agent, m.id);
    const cookie = cookiesOf(done).find((c) => c.name === 'praktijkbank-apparaat');
    expect(cookie?.value).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).to.include.members(['httponly', 'samesite=strict', 'path=/', `max-age=${90 * 24 * 60 * 60}`]);
    const stored = t.services.db.prepare('SELECT token_hash FROM moderator_devices WHERE moderator_id = ?').get(m.id) as { token_hash: string };
    expect(stored.token_hash).not.to.contain(cookie?.value);
  });

  it('lets colleagues behind one office address in after many failures of others there: no 429, and a known device at once', async () => {
    const office = '192.0.2.77';
    const colleague = await addModerator(t, 'collega@gemeente.be');
    const statuses: number[] = [];
    const visitor = await browserAt(office);
    for (let i = 0; i < 25; i++) statuses.push((await tryLogin(visitor, `gast${i}@gemeente.be`, 'fout')).status);
    // More than the ten failures the old limit allowed: a colleague with the right password gets in at once.
    const first = await browserAt(office);
    await tryLogin(first, colleague.email, TEST_MODERATOR_PASSWORD).expect(303);
    await enterSecondFactor(t, first.agent, colleague.id);
    const home = await first.agent.get('/beheer').expect(200);
    await first.agent.post('/beheer/uitloggen').type('form').send({ _csrf: csrfTokenIn(home.text) }).expect(303);

    // Far more failures from the office: now its address is slowed down...
    for (let i = 25; i < 45; i++) {
      letTimePass(5 * 60_000);
      statuses.push((await tryLogin(visitor, `gast${i}@gemeente.be`, 'fout')).status);
    }
    const newBrowser = await tryLogin(await browserAt(office), colleague.email, TEST_MODERATOR_PASSWORD);
    statuses.push(newBrowser.status);
    expect(newBrowser.status, 'a new browser at the office waits, with the one answer').to.equal(400);
    expect(errorSummary(newBrowser.text)).to.equal(`Er is een probleem ${GENERIC}`);
    // ...but not the colleague's known device.
    const known = await tryLogin(await browserAt(office, first.agent), colleague.email, TEST_MODERATOR_PASSWORD);
    statuses.push(known.status);
    expect(known.status).to.equal(303);
    expect(statuses, 'never a 429').not.to.include(429);
  });

  it('answers a flood from one address with a 429 only beyond the flood limit, and still lets a known device of the account in', async () => {
    const fresh = startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const { agent, moderator, csrfToken } = await loginAsModerator(fresh, { email: 'overstroomd@gemeente.be' });
      await agent.post('/beheer/uitloggen').type('form').send({ _csrf: csrfToken }).expect(303);
      const address = '203.0.113.99';
      const flooder = request.agent(fresh.app);
      const page = await flooder.get('/beheer/inloggen').set('X-Forwarded-For', address).expect(200);
      const send = () => flooder.post('/beheer/inloggen').set('X-Forwarded-For', address).type('form').send({ _csrf: csrfTokenIn(page.text), email: 'x@y.be', password: 'fout' });
      const statuses: number[] = [];
      for (let i = 0; i < LOGIN_FLOOD_LIMIT; i++) statuses.push((await send()).status);
      expect(statuses.every((s) => s === 400)).to.equal(true);
      const flooded = await send().expect(429);
      expect(Number(flooded.headers['retry-after'])).to.be.within(1, 60);
      expect(cheerio.load(flooded.text)('main').text()).to.contain('te veel mislukte aanmeldpogingen');

      const mine = await agent.get('/beheer/inloggen').set('X-Forwarded-For', address).expect(200);
      const res = await agent.post('/beheer/inloggen').set('X-Forwarded-For', address).type('form').send({ _csrf: csrfTokenIn(mine.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD });
      expect(res.status, 'the known device passes the flood limit').to.equal(303);
      expect(fresh.serverErrors).to.deep.equal([]);
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
    const t = useTestApp({ environment: { NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example', SESSION_SECRET: 'een-productiegeheim-van-minstens-32-tekens', TRUST_PROXY: 'loopback', ...OPERATOR_ENVIRONMENT } });

    it('logs in over https with the form cookie __Host-praktijkbank-formulier, and names the session cookie __Host-praktijkbank: Secure, HttpOnly, SameSite=Lax, Path=/ without a Domain', async () => {
      await addModerator(t, 'productie@gemeente.be');
      const form = await request(t.app).get('/beheer/inloggen').set('X-Forwarded-Proto', 'https').expect(200);
      const formCookie = sessionCookie(form, '__Host-praktijkbank-formulier');
      expect(formCookie.attributes).to.include.members(['secure', 'httponly', 'samesite=lax', 'path=/']);
      const res = await request(t.app)
        .post('/beheer/inloggen')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', `${formCookie.name}=${formCookie.value}`)
        .type('form')
        .send({ _csrf: csrfTokenIn(form.text), email: 'productie@gemeente.be', password: TEST_MODERATOR_PASSWORD })
        .expect(303);
      const cookie = sessionCookie(res, '__Host-praktijkbank');
      expect(cookie.attributes).to.include.members(['secure', 'httponly', 'samesite=lax', 'path=/']);
      expect(cookie.attributes.some((a) => a.startsWith('domain='))).to.equal(false);
    });

    it('never starts a session over plain http: the browser keeps no Secure form cookie there, so the login is refused', async () => {
      await addModerator(t, 'zonder-tls@gemeente.be');
      const form = await request(t.app).get('/beheer/inloggen').expect(200);
      const res = await request(t.app).post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: 'zonder-tls@gemeente.be', password: TEST_MODERATOR_PASSWORD }).expect(403);
      expect(cookiesOf(res).map((c) => c.name)).not.to.include('__Host-praktijkbank');
    });
  });
});
