// Confirmation links of "wij doen dit ook" for fuzzing and tests: an open one, a confirmed one, an
// expired one of real adoptions, and near misses of them. Stored through the repository with a token
// chosen here, as submitAdoption would store it (only the token's hash).
import { createHash, randomBytes } from 'node:crypto';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import type { TestApp } from './test-app.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new unconfirmed adoption of a published practice, its link expiring at `expiresAt`; returns its token. */
export function storeAdoption(t: TestApp, { expiresAt = new Date(Date.now() + 86_400_000).toISOString(), confirmed = false } = {}): string {
  const practice = t.services.catalogue.all()[0];
  if (!practice) throw new Error('the seed catalogue published nothing');
  const used = new Set(t.services.db.prepare('SELECT nis_code FROM adoptions WHERE practice_id = ?').pluck().all(practice.id) as string[]);
  const municipality = MUNICIPALITIES.find((m) => !practice.municipalities.includes(m.nisCode) && !used.has(m.nisCode));
  if (!municipality) throw new Error('no municipality left to adopt with');
  const token = randomBytes(32).toString('base64url');
  const at = new Date().toISOString();
  const id = t.services.adoptions.insert({ practiceId: practice.id, nisCode: municipality.nisCode, since: 2022, note: undefined, email: 'fuzz@gemeente.test', tokenHash: hashOf(token), tokenExpiresAt: expiresAt, at });
  if (confirmed) t.services.adoptions.confirm(id, at);
  return token;
}

/** An open, a confirmed and an expired link, and near misses of the open one. */
export function adoptionTokens(w: { readonly t: TestApp }): string[] {
  const open = storeAdoption(w.t);
  return [
    open,
    storeAdoption(w.t, { confirmed: true }),
    storeAdoption(w.t, { expiresAt: '2000-01-01T00:00:00.000Z' }),
    `${open.slice(0, -1)}${open.endsWith('A') ? 'B' : 'A'}`,
    open.slice(0, -1),
    `${open}A`,
    '-'.repeat(43),
    '%2e%2e',
  ];
}
