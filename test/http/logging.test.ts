// The structured log as an operator reads it: one JSON line per request with a request id, the
// events that matter for security, and none of the secrets or personal data that pass through.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { LOGIN_FLOOD_LIMIT } from '../../src/http/middleware/rate-limits.js';
import { loggableUrl } from '../../src/log.js';
import { post, submitThroughForm, validFields } from '../support/submissions.js';
import { csrfTokenIn, loginAsModerator, startTestApp, TEST_MODERATOR_PASSWORD, unusedCode, useTestApp } from '../support/test-app.js';

describe('the structured log', function () {
  this.timeout(30_000);
  const t = useTestApp({ per: 'test', serverErrors: 'allow' });

  // What requests log; the start-up says once how mail goes out, which is no request's event.
  const events = () => t.log.entries().filter((e) => e.event !== undefined && e.event !== 'mail_transport');

  it('writes one JSON line per request with its request id, also sent back as X-Request-Id', async () => {
    const res = await request(t.app).get('/praktijken?q=mantelzorg').expect(200);
    const id = res.headers['x-request-id'];
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    const line = t.log.entries().find((e) => (e.req as { id?: string } | undefined)?.id === id);
    expect(line, t.log.lines.join('')).to.deep.include({ level: 30, msg: 'GET /praktijken?q=mantelzorg 200' });
    expect(line?.res).to.deep.equal({ statusCode: 200 });
    expect(line?.responseTime).to.be.a('number');
  });

  it('writes no line for health checks and static files, which would drown the requests people make, but still sends their id', async () => {
    const health = await request(t.app).get('/healthz').expect(200);
    const asset = await request(t.app).get('/assets/css/site.css').expect(200);
    const page = await request(t.app).get('/over').expect(200);
    const ids = t.log.entries().map((e) => (e.req as { id?: string } | undefined)?.id);
    expect(health.headers['x-request-id']).to.be.a('string');
    expect(asset.headers['x-request-id']).to.be.a('string');
    expect(ids).not.to.include(health.headers['x-request-id']);
    expect(ids).not.to.include(asset.headers['x-request-id']);
    expect(ids.filter((id) => id === page.headers['x-request-id'])).to.have.length(1);
  });

  it('takes no request id from a client when no proxy is trusted (TRUST_PROXY unset)', async () => {
    const res = await request(t.app).get('/').set('X-Request-Id', 'nginx-3f2a9c1d7e').expect(200);
    expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(t.log.lines.join('')).not.to.contain('nginx-3f2a9c1d7e');
  });

  it("keeps a trusted proxy's request id when it looks like one, and makes a new one otherwise", async () => {
    const proxied = startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      expect((await request(proxied.app).get('/').set('X-Request-Id', 'nginx-3f2a9c1d7e').expect(200)).headers['x-request-id']).to.equal('nginx-3f2a9c1d7e');
      expect((await request(proxied.app).get('/').set('X-Request-Id', '<script>alert(1)</script>').expect(200)).headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    } finally {
      proxied.close();
    }
  });

  it('logs a login in two steps, a failed login, a failed code and a logout, by moderator id', async () => {
    const { agent, moderator, csrfToken } = await loginAsModerator(t);
    const fail = request.agent(t.app);
    const form = await fail.get('/beheer/inloggen').expect(200);
    await fail.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: 'niet het wachtwoord' }).expect(400);
    await fail.post('/beheer/inloggen').type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: TEST_MODERATOR_PASSWORD }).expect(303);
    const codePage = await fail.get('/beheer/inloggen/code').expect(200);
    await fail.post('/beheer/inloggen/code').type('form').send({ _csrf: csrfTokenIn(codePage.text), code: '000000' }).expect(400);
    await agent.post('/beheer/uitloggen').type('form').send({ _csrf: csrfToken }).expect(303);

    const seen = events().map((e) => ({ event: e.event, step: e.step, reason: e.reason, moderatorId: e.moderatorId }));
    expect(seen).to.deep.equal([
      { event: 'login_password_accepted', step: undefined, reason: undefined, moderatorId: moderator.id },
      { event: 'login', step: undefined, reason: undefined, moderatorId: moderator.id },
      { event: 'login_failed', step: 'password', reason: 'invalid', moderatorId: undefined },
      { event: 'login_password_accepted', step: undefined, reason: undefined, moderatorId: moderator.id },
      { event: 'login_failed', step: 'code', reason: 'invalid', moderatorId: moderator.id },
      { event: 'logout', step: undefined, reason: undefined, moderatorId: moderator.id },
    ]);
    for (const e of events()) expect(e.reqId, `${e.event} carries its request id`).to.be.a('string');
  });

  it('logs every moderation decision with the practice and the moderator, not the reason', async () => {
    const { token } = await submitThroughForm(t);
    const practiceId = (t.services.db.prepare("SELECT id FROM practices WHERE status = 'pending'").get() as { id: number }).id;
    const { agent, moderator, csrfToken } = await loginAsModerator(t);
    await agent.post(`/beheer/praktijken/${practiceId}/beslissing`).type('form').send({ _csrf: csrfToken, decision: 'requestChanges', reason: 'Geheime toelichting 8812', revision: String(t.services.practices.revisionOf(practiceId)) }).expect(303);
    const decision = events().find((e) => e.event === 'moderation_decision');
    expect(decision).to.deep.include({ decision: 'requestChanges', practiceId, moderatorId: moderator.id });
    expect(t.log.lines.join('')).not.to.contain('Geheime toelichting 8812');
    expect(token).to.be.a('string');
  });

  it('logs 403 (a missing CSRF token) and 429 (too many failed logins) as warnings', async () => {
    await request(t.app).post('/beheer/inloggen').type('form').send({ email: 'x@y.be', password: 'z' }).expect(403);
    const agent = request.agent(t.app);
    const _csrf = csrfTokenIn((await agent.get('/beheer/inloggen').expect(200)).text);
    let last = 0;
    // Only a flood reaches the 429: more than LOGIN_FLOOD_LIMIT failed logins from one address in a minute.
    for (let i = 0; i <= LOGIN_FLOOD_LIMIT && last !== 429; i++) last = (await agent.post('/beheer/inloggen').type('form').send({ _csrf, email: `x${i}@y.be`, password: 'fout' })).status;
    expect(last).to.equal(429);
    const warnings = t.log.entries().filter((e) => e.level === 40 && (e.res as { statusCode?: number } | undefined)?.statusCode !== undefined);
    expect(warnings.map((e) => (e.res as { statusCode: number }).statusCode)).to.include.members([403, 429]);
  });

  it('holds no password, code, cookie, CSRF token, status-link token or contact e-mail address', async () => {
    // A submission with a contact address, its private status link, a search for an address.
    const { token, statusPath, agent: submitter } = await submitThroughForm(t, validFields({ contactEmail: 'geheim.contact@kortrijk.test' }));
    await submitter.get(statusPath).set('Referer', `http://localhost${statusPath}`).expect(200);
    await request(t.app).get('/praktijken?q=geheim.contact%40kortrijk.test').expect(200);
    // A form sent again with errors and the address in it.
    const _csrf = csrfTokenIn((await submitter.get('/indienen').expect(200)).text);
    await post(submitter, '/indienen', { ...validFields({ contactEmail: 'geheim.contact@kortrijk.test', title: '' }), _csrf, step: 'review' }).expect(400);
    // A moderator logging in (password and code) and a wrong password.
    const { agent, moderator } = await loginAsModerator(t, { email: 'geheime.moderator@gemeente.test' });
    const secret = t.services.moderators.findById(moderator.id)!.totpSecret!;
    const code = unusedCode(t, moderator.id, secret);
    const form = await request.agent(t.app).get('/beheer/inloggen').expect(200);
    const cookies = form.headers['set-cookie'] as unknown as string[];
    await request(t.app).post('/beheer/inloggen').set('Cookie', cookies).type('form').send({ _csrf: csrfTokenIn(form.text), email: moderator.email, password: 'Fout-Wachtwoord-7731' });
    const page = await agent.get('/beheer').expect(200);
    const csrf = cheerio.load(page.text)('input[name="_csrf"]').attr('value') ?? '';

    const log = t.log.lines.join('');
    expect(t.log.lines.length).to.be.greaterThan(10);
    for (const secretText of [TEST_MODERATOR_PASSWORD, 'Fout-Wachtwoord-7731', secret, token, 'geheim.contact@kortrijk.test', 'geheim.contact%40kortrijk.test', 'geheime.moderator@gemeente.test', csrf]) {
      expect(log, `the log holds ${secretText}`).not.to.contain(secretText);
    }
    // The used code may by chance equal six digits elsewhere (a time, an id): look for it as a field.
    expect(log).not.to.match(new RegExp(`"${code}"`));
    for (const cookie of cookies.map((c) => c.split(';')[0]!.split('=')[1]!)) expect(log).not.to.contain(cookie);
    expect(log).to.contain('/indienen/status/[token]');
  });

  it('writes an error once, with its cause and the request id', async () => {
    t.services.db.exec('DROP TABLE practice_events');
    const { token } = await submitThroughForm(t).catch(() => ({ token: undefined }));
    expect(token).to.equal(undefined);
    const errors = t.log.entries().filter((e) => e.level >= 50);
    expect(errors).to.have.length(1);
    expect(errors[0]?.err?.message).to.contain('practice_events');
    expect((errors[0]?.req as { id?: string } | undefined)?.id).to.be.a('string');
  });
});

describe('loggableUrl', () => {
  it('blanks status-link tokens and e-mail addresses, plain or percent-encoded', () => {
    expect(loggableUrl('/indienen/status/abcDEF123_-/aanpassen?x=1')).to.equal('/indienen/status/[token]/aanpassen?x=1');
    expect(loggableUrl('/beheer/inschrijven/abcDEF123_-?x=1')).to.equal('/beheer/inschrijven/[token]?x=1');
    expect(loggableUrl('/praktijken?q=an%40gemeente.be&page=2')).to.equal('/praktijken?q=[e-mail]&page=2');
    expect(loggableUrl('/praktijken?q=an@gemeente.be')).to.equal('/praktijken?q=[e-mail]');
    expect(loggableUrl('/praktijken?q=zorg')).to.equal('/praktijken?q=zorg');
  });

  it('blanks an address that starts inside a longer run of characters, as before', () => {
    expect(loggableUrl('/praktijken?q=mail+an.peeters@gemeente.be&page=2')).to.equal('/praktijken?q=[e-mail]&page=2');
  });

  // Every request's URL passes through it, synchronously: a quadratic pattern let one long URL hold the
  // server for seconds (16 KB cost 0.9 s, 100 KB would cost half a minute). Linear, it is milliseconds;
  // the bound below leaves a hundredfold margin and still fails the quadratic version.
  it('takes time in proportion to the URL, so a 100 KB URL without an @ cannot hold the server', () => {
    const long = `/praktijken?q=${'a'.repeat(100_000)}`;
    const started = process.hrtime.bigint();
    expect(loggableUrl(long)).to.equal(long);
    expect(loggableUrl(`/praktijken?q=${'a%2'.repeat(30_000)}`)).to.have.length(90_014);
    expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(2_000);
  });
});
