// The moderators' second factor (TOTP): set up at the first login, asked at every login after,
// each code good for one login, wrong codes counted towards the lock-out.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { CODE_FAILED_MESSAGE } from '../../src/http/controllers/auth-controller.js';
import { totpCode } from '../../src/domain/second-factor.js';
import { addModerator, type Agent, csrfTokenIn, errorSummary, enterSecondFactor, loginAsModerator, startTestApp, TEST_MODERATOR_PASSWORD, type TestApp, unusedCode } from '../support/test-app.js';

/** Gives the password in a new browser; answers the agent, now at the code step. */
async function afterPassword(t: TestApp, email: string): Promise<Agent> {
  const agent = request.agent(t.app);
  const form = await agent.get('/beheer/inloggen').expect(200);
  const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email, password: TEST_MODERATOR_PASSWORD }).expect(303);
  expect(res.headers.location).to.equal('/beheer/inloggen/code');
  return agent;
}

async function sendCode(agent: Agent, code: string) {
  const page = await agent.get('/beheer/inloggen/code').expect(200);
  return agent.post('/beheer/inloggen/code').type('form').send({ _csrf: csrfTokenIn(page.text), code });
}

async function isLoggedIn(agent: Agent): Promise<boolean> {
  const res = await agent.get('/beheer');
  return res.status === 200;
}

/** Three wrong codes, a new login with the right password, two more wrong codes: the fifth locks the account. */
async function lockOut(t: TestApp): Promise<void> {
  const { moderator } = await loginAsModerator(t);
  let agent = await afterPassword(t, moderator.email);
  for (let i = 0; i < 3; i++) expect((await sendCode(agent, '111111')).status).to.equal(400);
  agent = await afterPassword(t, moderator.email);
  expect((await sendCode(agent, '222222')).status).to.equal(400);
  const fifth = await sendCode(agent, '333333');
  expect(fifth.status).to.equal(400);
  expect(errorSummary(fifth.text)).to.contain('tijdelijk geblokkeerd');
  // The half-finished login is over, and the right code cannot open a locked account.
  expect((await agent.get('/beheer/inloggen/code')).headers.location).to.equal('/beheer/inloggen');
  const form = await agent.get('/beheer/inloggen').expect(200);
  const again = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD }).expect(400);
  expect(errorSummary(again.text)).to.contain('tijdelijk geblokkeerd');
}

describe('the moderators\' second factor (TOTP)', function () {
  this.timeout(20_000);
  let t: TestApp;
  before(() => {
    t = startTestApp();
  });
  after(() => t.close());
  afterEach(() => expect(t.serverErrors, 'no request may end in a server error').to.deep.equal([]));

  describe('set up at the first login', () => {
    it('shows a QR code and the key to type, and stores nothing until a code confirms it', async () => {
      const moderator = await addModerator(t, 'nieuw@gemeente.be');
      const agent = await afterPassword(t, moderator.email);
      const page = await agent.get('/beheer/inloggen/code').expect(200);
      const $ = cheerio.load(page.text);
      expect($('h1').text()).to.equal('Tweede factor instellen');
      expect($('.qr-code svg path').length).to.be.greaterThan(0);
      expect($('.qr-code [role="img"]').attr('aria-label')).to.contain('QR-code');
      expect($('.secret-key').text().replace(/\s/g, '')).to.match(/^[A-Z2-7]{32}$/);
      expect($('#code').attr('autocomplete')).to.equal('one-time-code');
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(undefined);
      expect(await isLoggedIn(agent), 'a password alone opens nothing').to.equal(false);
    });

    it('refuses a wrong code with a Dutch message beside the field, storing no secret', async () => {
      const moderator = await addModerator(t);
      const agent = await afterPassword(t, moderator.email);
      const res = await sendCode(agent, '000000');
      expect(res.status).to.equal(400);
      expect(errorSummary(res.text)).to.contain(CODE_FAILED_MESSAGE);
      expect(cheerio.load(res.text)('#code').attr('aria-invalid')).to.equal('true');
      expect(cheerio.load(res.text)('.secret-key').text(), 'the same key stays on the page').not.to.equal('');
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(undefined);
      expect(await isLoggedIn(agent)).to.equal(false);
    });

    it('logs in with the first right code and keeps the secret that was shown', async () => {
      const moderator = await addModerator(t);
      const agent = await afterPassword(t, moderator.email);
      const shown = cheerio.load((await agent.get('/beheer/inloggen/code')).text)('.secret-key').text().replace(/\s/g, '');
      const res = await enterSecondFactor(t, agent, moderator.id);
      expect(res.headers.location).to.equal('/beheer');
      expect(await isLoggedIn(agent)).to.equal(true);
      expect(t.services.moderators.findById(moderator.id)?.totpSecret).to.equal(shown);
    });

    it('takes the code with a space in the middle, as apps show it', async () => {
      const moderator = await addModerator(t);
      const agent = await afterPassword(t, moderator.email);
      const secret = cheerio.load((await agent.get('/beheer/inloggen/code')).text)('.secret-key').text().replace(/\s/g, '');
      const code = totpCode(secret);
      expect((await sendCode(agent, `${code.slice(0, 3)} ${code.slice(3)}`)).status).to.equal(303);
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

    it('counts wrong codes towards the lock-out, and a right password does not reset the count', async () => {
      // An app of its own: the wrong codes of the other tests would reach the rate limit per address first.
      const fresh = startTestApp();
      try {
        await lockOut(fresh);
      } finally {
        fresh.close();
      }
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
  let t: TestApp;
  before(() => {
    t = startTestApp({ MODERATOR_2FA: 'off' });
  });
  after(() => t.close());

  it('logs in with the password alone', async () => {
    const moderator = await addModerator(t);
    const agent = request.agent(t.app);
    const form = await agent.get('/beheer/inloggen').expect(200);
    const res = await agent.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD }).expect(303);
    expect(res.headers.location).to.equal('/beheer');
    expect(await isLoggedIn(agent)).to.equal(true);
  });
});
