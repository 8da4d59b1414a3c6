// The moderators' second factor (TOTP): set up only through a one-time enrolment link, asked at every
// login after, each code good for one login, wrong codes slowed down (never a lock-out).
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { resetSecondFactor } from '../../src/domain/moderators.js';
import { THROTTLE_POLICIES } from '../../src/domain/login-throttle.js';
import { issueEnrolmentLink, totpCode } from '../../src/domain/second-factor.js';
import { CODE_FAILED_MESSAGE, ENROLMENT_LINK_INVALID_MESSAGE, LOGIN_FAILED_MESSAGE, NO_SECOND_FACTOR_MESSAGE } from '../../src/http/controllers/auth-controller.js';
import { beheerPaths } from '../../src/http/beheer-paths.js';
import { addModerator, type Agent, csrfTokenIn, errorSummary, loginAsModerator, TEST_MODERATOR_PASSWORD, type TestApp, unusedCode, useTestApp } from '../support/test-app.js';

/** Gives the password in a browser (a new one unless given); answers the agent, now at the code step. */
async function afterPassword(t: TestApp, email: string, agent: Agent = request.agent(t.app)): Promise<Agent> {
  const form = await agent.get('/beheer/inloggen').expect(200);
  const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email, password: TEST_MODERATOR_PASSWORD }).expect(303);
  expect(res.headers.location).to.equal('/beheer/inloggen/code');
  return agent;
}

/** Gives a password in a new browser; answers the refusal. */
async function passwordRefused(t: TestApp, email: string, password = TEST_MODERATOR_PASSWORD): Promise<request.Response> {
  const agent = request.agent(t.app);
  const form = await agent.get('/beheer/inloggen').expect(200);
  return agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email, password }).expect(400);
}

async function sendCode(agent: Agent, code: string) {
  const page = await agent.get('/beheer/inloggen/code').expect(200);
  return agent.post('/beheer/inloggen/code').type('form').send({ _csrf: csrfTokenIn(page.text), code });
}

async function isLoggedIn(agent: Agent): Promise<boolean> {
  const res = await agent.get('/beheer');
  return res.status === 200;
}

/** Lets `ms` pass for the login throttle: every failure it counts moves that far into the past. */
const letTimePass = (t: TestApp, ms: number) => t.services.db.prepare('UPDATE login_throttle SET last_failure_at = last_failure_at - ?, forget_at = forget_at - ?').run(ms, ms);

describe('the moderators\' second factor (TOTP)', function () {
  this.timeout(20_000);
  const t = useTestApp();

  describe('an account without a second factor', () => {
    it('shows no QR code for the right password: it says to use the enrolment link, and opens nothing', async () => {
      const moderator = await addModerator(t, 'nieuw@gemeente.be', undefined, { secondFactor: false });
      issueEnrolmentLink(t.services.moderators, moderator.email);
      const agent = request.agent(t.app);
      const form = await agent.get('/beheer/inloggen').expect(200);
      const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD }).expect(400);
      expect(errorSummary(res.text)).to.equal(`Er is een probleem ${NO_SECOND_FACTOR_MESSAGE}`);
      const $ = cheerio.load(res.text);
      expect($('.qr-code, .secret-key, svg').length, 'no QR code, no key').to.equal(0);
      expect((await agent.get('/beheer/inloggen/code').expect(303)).headers.location).to.equal('/beheer/inloggen');
      expect(await isLoggedIn(agent)).to.equal(false);
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(undefined);
    });

    it('gives a wrong password the one generic answer, as for any account', async () => {
      const moderator = await addModerator(t, undefined, undefined, { secondFactor: false });
      const res = await passwordRefused(t, moderator.email, 'niet het wachtwoord');
      expect(errorSummary(res.text)).to.equal(`Er is een probleem ${LOGIN_FAILED_MESSAGE}`);
    });

    it('after reset-2fa, the old password alone shows no QR code either', async () => {
      const { moderator } = await loginAsModerator(t);
      resetSecondFactor(t.services.moderators, moderator.email);
      const res = await passwordRefused(t, moderator.email);
      expect(errorSummary(res.text)).to.contain(NO_SECOND_FACTOR_MESSAGE);
      expect(cheerio.load(res.text)('.qr-code, .secret-key').length).to.equal(0);
    });
  });

  describe('GET /beheer/inschrijven/:token (the enrolment link)', () => {
    it('shows the QR code, the key and a form for password and code, and changes nothing', async () => {
      const moderator = await addModerator(t, 'inschrijven@gemeente.be', undefined, { secondFactor: false });
      const link = issueEnrolmentLink(t.services.moderators, moderator.email)!;
      const first = await request(t.app).get(beheerPaths.enrolment(link.token)).expect(200);
      expect(first.headers['cache-control']).to.equal('no-store');
      const $ = cheerio.load(first.text);
      expect($('h1').text()).to.equal('Tweede factor instellen');
      expect($('main').text()).to.contain(moderator.email);
      expect($('.qr-code svg path').length).to.be.greaterThan(0);
      expect($('.qr-code [role="img"]').attr('aria-label')).to.contain('QR-code');
      const key = $('.secret-key').text().replace(/\s/g, '');
      expect(key).to.match(/^[A-Z2-7]{32}$/);
      const form = $(`form[method="post"][action="${beheerPaths.enrolment(link.token)}"]`);
      expect(form.find('input#password[type="password"]')).to.have.length(1);
      expect(form.find('input#code[autocomplete="one-time-code"]')).to.have.length(1);
      expect($('script:not([src])'), 'no inline script').to.have.length(0);
      expect($('[style]'), 'no inline style').to.have.length(0);
      // Opened again: the same key, and still nothing stored.
      const again = await request(t.app).get(beheerPaths.enrolment(link.token)).expect(200);
      expect(cheerio.load(again.text)('.secret-key').text().replace(/\s/g, '')).to.equal(key);
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(undefined);
      expect(t.services.moderators.enrolmentLinkOf(moderator.id, Date.now())).not.to.equal(undefined);
    });

    it('answers an unknown token, a replaced link and an expired link with a 404 that says to ask for a new one', async () => {
      const moderator = await addModerator(t, undefined, undefined, { secondFactor: false });
      const replaced = issueEnrolmentLink(t.services.moderators, moderator.email)!;
      const current = issueEnrolmentLink(t.services.moderators, moderator.email)!;
      for (const token of [replaced.token, 'x'.repeat(43), 'kort', current.token.toLowerCase() === current.token ? `${current.token}x` : current.token.toLowerCase()]) {
        const res = await request(t.app).get(beheerPaths.enrolment(token)).expect(404);
        expect(cheerio.load(res.text)('main').text(), token).to.contain(ENROLMENT_LINK_INVALID_MESSAGE);
      }
      await request(t.app).get(beheerPaths.enrolment(current.token)).expect(200);
      t.services.db.prepare('UPDATE enrolment_links SET expires_at = ? WHERE moderator_id = ?').run(Date.now() - 1, moderator.id);
      await request(t.app).get(beheerPaths.enrolment(current.token)).expect(404);
    });
  });

  describe('POST /beheer/inschrijven/:token', () => {
    /** Opens the link in a new browser; answers the agent, the form's token and the key shown. */
    async function openLink(token: string) {
      const agent = request.agent(t.app);
      const page = await agent.get(beheerPaths.enrolment(token)).expect(200);
      const $ = cheerio.load(page.text);
      return { agent, csrf: csrfTokenIn(page.text), secret: $('.secret-key').text().replace(/\s/g, '') };
    }

    it('stores the key once the password and a code from the app confirm it, logs in, and the link works only once', async () => {
      const moderator = await addModerator(t, undefined, undefined, { secondFactor: false });
      const link = issueEnrolmentLink(t.services.moderators, moderator.email)!;
      const { agent, csrf, secret } = await openLink(link.token);
      const res = await agent.post(beheerPaths.enrolment(link.token)).type('form').send({ _csrf: csrf, password: TEST_MODERATOR_PASSWORD, code: totpCode(secret) }).expect(303);
      expect(res.headers.location).to.equal('/beheer');
      expect(await isLoggedIn(agent)).to.equal(true);
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(secret);
      expect(t.services.moderators.countDevices(moderator.id), 'the browser became a known device').to.equal(1);

      await request(t.app).get(beheerPaths.enrolment(link.token)).expect(404);
      // Sent again from another browser (with a form token of its own): the link is gone.
      const other = request.agent(t.app);
      const otherCsrf = csrfTokenIn((await other.get('/beheer/inloggen').expect(200)).text);
      const second = await other.post(beheerPaths.enrolment(link.token)).type('form').send({ _csrf: otherCsrf, password: TEST_MODERATOR_PASSWORD, code: totpCode(secret) }).expect(404);
      expect(cheerio.load(second.text)('main').text()).to.contain(ENROLMENT_LINK_INVALID_MESSAGE);
      // From now on: password, then a code.
      await afterPassword(t, moderator.email);
    });

    it('refuses a wrong password and a wrong code beside their fields, storing nothing and keeping the link', async () => {
      const moderator = await addModerator(t, undefined, undefined, { secondFactor: false });
      const link = issueEnrolmentLink(t.services.moderators, moderator.email)!;
      const { agent, csrf, secret } = await openLink(link.token);
      const post = (fields: Record<string, string>) => agent.post(beheerPaths.enrolment(link.token)).type('form').send({ _csrf: csrf, ...fields });

      const wrongPassword = await post({ password: 'niet het wachtwoord', code: totpCode(secret) }).expect(400);
      expect(cheerio.load(wrongPassword.text)('#password-error').text()).to.contain('Dit wachtwoord klopt niet.');
      expect(cheerio.load(wrongPassword.text)('.secret-key').text().replace(/\s/g, ''), 'the same key stays on the page').to.equal(secret);
      const wrongCode = await post({ password: TEST_MODERATOR_PASSWORD, code: '000000' }).expect(400);
      expect(cheerio.load(wrongCode.text)('#code-error').text()).to.contain(CODE_FAILED_MESSAGE);
      const empty = await post({ password: '', code: '' }).expect(400);
      expect(errorSummary(empty.text)).to.contain('Vul uw wachtwoord in.').and.contain('Vul de code van zes cijfers uit uw app in.');
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(undefined);
      expect(await isLoggedIn(agent)).to.equal(false);
      await post({ password: TEST_MODERATOR_PASSWORD, code: totpCode(secret) }).expect(303);
    });

    it('refuses an expired link even with the right password and code', async () => {
      const moderator = await addModerator(t, undefined, undefined, { secondFactor: false });
      const link = issueEnrolmentLink(t.services.moderators, moderator.email)!;
      const { agent, csrf, secret } = await openLink(link.token);
      t.services.db.prepare('UPDATE enrolment_links SET expires_at = ? WHERE moderator_id = ?').run(Date.now() - 1, moderator.id);
      await agent.post(beheerPaths.enrolment(link.token)).type('form').send({ _csrf: csrf, password: TEST_MODERATOR_PASSWORD, code: totpCode(secret) }).expect(404);
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(undefined);
      expect(await isLoggedIn(agent)).to.equal(false);
    });
  });

  describe('at every later login', () => {
    it('asks only for the code, without showing the key again', async () => {
      const { moderator } = await loginAsModerator(t);
      const agent = await afterPassword(t, moderator.email);
      const $ = cheerio.load((await agent.get('/beheer/inloggen/code').expect(200)).text);
      expect($('h1').text()).to.equal('Code uit uw app');
      expect($('.secret-key').length).to.equal(0);
      expect($('.qr-code').length).to.equal(0);
    });

    it('fails without the code: the password alone opens no moderation page and an empty code is refused', async () => {
      const { moderator } = await loginAsModerator(t);
      const agent = await afterPassword(t, moderator.email);
      expect(await isLoggedIn(agent)).to.equal(false);
      const refused = await agent.post('/beheer/praktijken/1/beslissing').type('form').send({ _csrf: csrfTokenIn((await agent.get('/beheer/inloggen/code')).text), decision: 'publish' });
      expect(refused.status).to.equal(403);
      const empty = await sendCode(agent, '');
      expect(empty.status).to.equal(400);
      expect(errorSummary(empty.text)).to.contain('Vul de code van zes cijfers uit uw app in.');
      expect(await isLoggedIn(agent)).to.equal(false);
    });

    it('fails with a code used before, even in another browser', async () => {
      const { moderator } = await loginAsModerator(t);
      const secret = t.services.moderators.findById(moderator.id)!.totpSecret!;
      const code = unusedCode(t, moderator.id, secret);
      const first = await afterPassword(t, moderator.email);
      expect((await sendCode(first, code)).status).to.equal(303);
      const second = await afterPassword(t, moderator.email);
      const reused = await sendCode(second, code);
      expect(reused.status).to.equal(400);
      expect(errorSummary(reused.text)).to.contain(CODE_FAILED_MESSAGE);
      expect(await isLoggedIn(second)).to.equal(false);
    });

    it('fails with a code older than the last one used, and with a code from another key', async () => {
      const { moderator } = await loginAsModerator(t);
      const secret = t.services.moderators.findById(moderator.id)!.totpSecret!;
      const agent = await afterPassword(t, moderator.email);
      expect((await sendCode(agent, totpCode(secret, new Date(Date.now() - 30_000)))).status, 'the previous code').to.equal(400);
      expect((await sendCode(agent, totpCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'))).status, 'another key').to.equal(400);
      expect((await sendCode(agent, totpCode(secret, new Date(Date.now() + 120_000)))).status, 'a code of two minutes from now').to.equal(400);
    });

    it('slows down wrong codes: after six even the right code waits, saying how long, and a right password buys no fresh guesses', async () => {
      const { moderator } = await loginAsModerator(t);
      const secret = t.services.moderators.findById(moderator.id)!.totpSecret!;
      let agent = await afterPassword(t, moderator.email);
      for (let i = 0; i < 3; i++) expect((await sendCode(agent, '111111')).status).to.equal(400);
      // The password again, in a new browser: the count of wrong codes goes on.
      agent = await afterPassword(t, moderator.email);
      for (let i = 3; i <= THROTTLE_POLICIES.code.freeFailures; i++) expect((await sendCode(agent, '222222')).status).to.equal(400);
      const waiting = await sendCode(agent, unusedCode(t, moderator.id, secret));
      expect(waiting.status).to.equal(400);
      expect(errorSummary(waiting.text)).to.contain('U vulde te vaak een verkeerde code in. Wacht 1 seconde');
      expect(await isLoggedIn(agent)).to.equal(false);
      // Not a lock: the same half-finished login goes on once the delay has passed.
      letTimePass(t, 1_000);
      expect((await sendCode(agent, unusedCode(t, moderator.id, secret))).status).to.equal(303);
      expect(await isLoggedIn(agent)).to.equal(true);
    });

    it('checks the code from a known device while wrong codes elsewhere slow the account down', async () => {
      const { agent: known, moderator, csrfToken } = await loginAsModerator(t);
      const secret = t.services.moderators.findById(moderator.id)!.totpSecret!;
      await known.post('/beheer/uitloggen').type('form').send({ _csrf: csrfToken }).expect(303);
      // Someone with the password but without the phone guesses codes.
      const thief = await afterPassword(t, moderator.email);
      for (let i = 0; i < 12; i++) {
        letTimePass(t, 15 * 60_000);
        expect((await sendCode(thief, '000000')).status).to.equal(400);
      }
      expect(errorSummary((await sendCode(thief, unusedCode(t, moderator.id, secret))).text)).to.contain('U vulde te vaak een verkeerde code in. Wacht 2 minuten');
      await afterPassword(t, moderator.email, known);
      expect((await sendCode(known, unusedCode(t, moderator.id, secret))).status).to.equal(303);
      expect(await isLoggedIn(known)).to.equal(true);
    });

    it('lets a half-finished login expire after ten minutes', async () => {
      const { moderator } = await loginAsModerator(t);
      const agent = await afterPassword(t, moderator.email);
      const page = await agent.get('/beheer/inloggen/code').expect(200);
      t.services.db
        .prepare("UPDATE sessions SET data = json_set(data, '$.pendingLogin.since', ?) WHERE json_extract(data, '$.pendingLogin.moderatorId') = ?")
        .run(Date.now() - 11 * 60_000, moderator.id);
      const secret = t.services.moderators.findById(moderator.id)!.totpSecret!;
      const res = await agent.post('/beheer/inloggen/code').type('form').send({ _csrf: csrfTokenIn(page.text), code: unusedCode(t, moderator.id, secret) });
      expect(res.status).to.equal(400);
      expect(errorSummary(res.text)).to.contain('Uw login is verlopen.');
      expect(await isLoggedIn(agent)).to.equal(false);
    });

    it('ends a half-finished login of an account disabled meanwhile', async () => {
      const { moderator } = await loginAsModerator(t);
      const agent = await afterPassword(t, moderator.email);
      t.services.moderators.setDisabled(moderator.id, true);
      const res = await sendCode(agent, unusedCode(t, moderator.id, t.services.moderators.findById(moderator.id)!.totpSecret!));
      expect(res.status).to.equal(400);
      expect(await isLoggedIn(agent)).to.equal(false);
      t.services.moderators.setDisabled(moderator.id, false);
    });
  });

  it('sends a visitor without a half-finished login from the code page to the login form', async () => {
    const res = await request(t.app).get('/beheer/inloggen/code').expect(303);
    expect(res.headers.location).to.equal('/beheer/inloggen');
  });
});

describe('with MODERATOR_2FA=off', function () {
  this.timeout(20_000);
  const t = useTestApp({ environment: { MODERATOR_2FA: 'off' } });

  for (const secondFactor of [true, false]) {
    it(`logs in with the password alone (an account ${secondFactor ? 'with' : 'without'} a second factor set up)`, async () => {
      const moderator = await addModerator(t, undefined, undefined, { secondFactor });
      const agent = request.agent(t.app);
      const form = await agent.get('/beheer/inloggen').expect(200);
      const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD }).expect(303);
      expect(res.headers.location).to.equal('/beheer');
      expect(await isLoggedIn(agent)).to.equal(true);
    });
  }

  it('gives a wrong password the one generic answer', async () => {
    const moderator = await addModerator(t);
    expect(errorSummary((await passwordRefused(t, moderator.email, 'niet het wachtwoord')).text)).to.contain(LOGIN_FAILED_MESSAGE);
  });
});
