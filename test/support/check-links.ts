// Links of the yearly check for fuzzing: a valid one to a new question about a published practice,
// and near misses of it (another practice, expired, another key, a changed or cut signature).
import { checkToken } from '../../src/domain/yearly-check.js';
import { signingKey } from '../../src/http/signing-keys.js';
import type { TestApp } from './test-app.js';

/** A valid link to a new question about a published practice, and near misses of it. */
export function checkTokens(w: { readonly t: TestApp }): string[] {
  const practice = w.t.services.catalogue.all()[0];
  if (!practice) throw new Error('the seed catalogue published nothing');
  const now = new Date().toISOString();
  const checkId = w.t.services.practiceChecks.ask(practice.id, now, now) ?? w.t.services.practiceChecks.latestFor(practice.id)!.id;
  const key = signingKey(w.t.config.sessionSecret, 'yearly-check');
  const expires = Math.floor(Date.now() / 1000) + 86_400;
  const valid = checkToken(key, { checkId, practiceId: practice.id, expires });
  return [
    valid,
    checkToken(key, { checkId, practiceId: practice.id + 1, expires }),
    checkToken(key, { checkId, practiceId: practice.id, expires: 1 }),
    checkToken('another key', { checkId, practiceId: practice.id, expires }),
    `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`,
    valid.slice(0, -1),
    `${checkId}.${practice.id}.${expires}`,
    '9'.repeat(40),
    '-',
  ];
}
