// Submitting a practice through the real form, step by step, as a browser would.
import * as cheerio from 'cheerio';
import request from 'supertest';
import { type Agent, csrfTokenIn, type TestApp } from './test-app.js';

export type FormFields = Record<string, string | string[]>;

const VALID = {
  title: 'Wijkrestaurant De Kortrijkse Tafel',
  summary: 'Een wijkrestaurant waar buurtbewoners met een laag inkomen elke middag een warme maaltijd krijgen.',
  aanpak: 'Het sociaal huis werkt samen met vrijwilligers en een sociale economie-onderneming.',
  scale: 'lokaal',
  municipalities: ['34022'],
  themes: ['armoedebestrijding'],
  targetGroups: ['mensen-in-armoede'],
  partners: 'OCMW Kortrijk\nVrijwilligerspunt',
  startYear: '2021',
  ongoing: 'ja',
  links: 'https://www.kortrijk.be/wijkrestaurant Het wijkrestaurant',
  contactOrganisation: 'Stad Kortrijk',
  contactEmail: 'welzijn@kortrijk.test',
};

/** A complete, valid submission; override what a test is about. */
export function validFields(overrides: FormFields = {}): typeof VALID & FormFields {
  return { ...VALID, ...overrides };
}

export async function formToken(agent: Agent, path = '/indienen'): Promise<string> {
  return csrfTokenIn((await agent.get(path).expect(200)).text);
}

/** POSTs the form as a browser would (urlencoded, repeated names for lists). */
export function post(agent: Agent, path: string, fields: FormFields) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return agent.post(path).type('form').send(body.toString());
}

/** The form key of a review page: the status-link token and the server's signature, "token.signature". */
export function formKeyIn(html: string): string {
  const key = cheerio.load(html)('input[name=token]').attr('value');
  if (!key) throw new Error('the review step shows no form key');
  return key;
}

/** The status-link token inside a form key. */
export const statusTokenOf = (formKey: string): string => formKey.split('.')[0] ?? '';

/**
 * Fills in, reviews and confirms; returns the status link's token, the form key that was confirmed
 * (to send it again) and the status page's path.
 */
export async function submitThroughForm(t: TestApp, fields: FormFields = validFields()): Promise<{ token: string; formKey: string; statusPath: string; agent: Agent }> {
  const agent = request.agent(t.app);
  const _csrf = await formToken(agent);
  const review = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).expect(200);
  const formKey = formKeyIn(review.text);
  const confirm = await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: formKey }).expect(303);
  const statusPath = String(confirm.headers.location).replace(/\?.*$/, '');
  return { token: statusTokenOf(formKey), formKey, statusPath, agent };
}
