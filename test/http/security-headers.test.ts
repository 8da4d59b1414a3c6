// The full set of response headers, held in one place: a public page, an API answer and a moderation
// page, as a production start sends them. A header added or lost anywhere makes this test fail.
import { expect } from 'chai';
import request from 'supertest';
import { PUBLIC_CACHE_CONTROL } from '../../src/http/middleware/http-caching.js';
import { loginAsModerator, useTestApp } from '../support/test-app.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';

const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';" +
  "object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self';upgrade-insecure-requests";

const COMMON = {
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

// Headers that describe the body, the connection or this one request rather than the policy.
const VARYING = ['date', 'content-length', 'etag', 'connection', 'keep-alive', 'set-cookie', 'x-request-id'];
const policyHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !VARYING.includes(name)));

describe('security headers in production', () => {
  const t = useTestApp({ environment: { NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example', SESSION_SECRET: 'een-geheim-van-minstens-32-tekens-lang', ...OPERATOR_ENVIRONMENT } });

  it('a public page sends exactly the strict set', async () => {
    const res = await request(t.app).get('/praktijken?q=zorg').expect(200);
    expect(policyHeaders(res.headers)).to.deep.equal({
      ...COMMON,
      'cross-origin-resource-policy': 'same-origin',
      'content-type': 'text/html; charset=utf-8',
      'cache-control': PUBLIC_CACHE_CONTROL,
    });
  });

  it('an API answer adds only the open cross-origin read', async () => {
    const res = await request(t.app).get('/api/v1/practices?theme=netwerken').expect(200);
    expect(policyHeaders(res.headers)).to.deep.equal({
      ...COMMON,
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
      'content-type': 'application/json; charset=utf-8',
      'cache-control': PUBLIC_CACHE_CONTROL,
    });
  });

  it('a moderation page adds no-store', async () => {
    const res = await request(t.app).get('/beheer/inloggen').expect(200);
    expect(policyHeaders(res.headers)).to.deep.equal({ ...COMMON, 'cross-origin-resource-policy': 'same-origin', 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8' });
  });
});

describe('headers of a logged-in moderation page', () => {
  // Outside production: the Secure production cookie would not travel over the test's plain http.
  const t = useTestApp();

  it('keeps the queue out of every cache and sends the same policy', async () => {
    const { agent } = await loginAsModerator(t);
    const res = await agent.get('/beheer').expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['content-security-policy']).to.equal(CSP.replace(';upgrade-insecure-requests', ''));
    expect(res.headers['x-frame-options']).to.equal('DENY');
  });
});
