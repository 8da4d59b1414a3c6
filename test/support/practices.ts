// Practices for tests: a valid input to start from, and practices put straight into the test app's
// database, for tests about what the public paths show.
import { type PracticeInput, type PracticeInputDraft, practiceInputSchema } from '../../src/domain/practice.js';
import type { PublicationStatus } from '../../src/domain/vocabulary.js';
import type { TestApp } from './test-app.js';

let count = 0;

/** A valid practice input, for tests that need a practice of their own; override what a test is about. */
export function practiceInput(overrides: Partial<PracticeInputDraft> = {}): PracticeInput {
  return practiceInputSchema.parse({
    title: 'Testpraktijk',
    summary: 'Een praktijk die alleen in de tests bestaat.',
    municipalities: ['11002'],
    scale: 'lokaal',
    themes: ['netwerken'],
    source: { title: 'Testbron' },
    ...overrides,
  });
}

/**
 * Stores a practice with the given status (published by default) and waits until the catalogue has
 * rebuilt its index. `now` sets its creation and publication moment. Returns its slug.
 */
export async function insertPractice(
  t: TestApp,
  overrides: Partial<PracticeInputDraft> = {},
  { status = 'published', now, slug = `testpraktijk-${++count}` }: { status?: PublicationStatus; now?: string; slug?: string } = {},
): Promise<string> {
  t.services.practices.insert({ slug, status, input: practiceInput(overrides), ...(now ? { now } : {}) });
  await t.services.catalogue.refreshInBackground();
  return slug;
}
