// A large catalogue for tests of scale: the benchmark's seeded practices (bench/corpus.ts), imported
// into the test app with the real import. The same size and seed give the same practices, so a test
// at 10,000 practices measures what `npm run bench` measures.
import { DEFAULT_SEED, practiceAt } from '../../bench/corpus.js';
import { loadVocabulary } from '../../bench/vocabulary.js';
import { importPractices } from '../../src/domain/bulk-import.js';
import type { TestApp } from './test-app.js';

/**
 * Imports `size` synthetic practices and starts the catalogue's refresh. With `sectionsToo: false` the
 * sections are left out: a results page shows a title, a place and a snippet of ~32 words, which the
 * summary gives, and importing 10,000 practices then takes seconds rather than half a minute.
 */
export async function importSyntheticCatalogue(t: TestApp, size: number, { seed = DEFAULT_SEED, sectionsToo = false } = {}): Promise<void> {
  const vocabulary = loadVocabulary();
  const records = Array.from({ length: size }, (_, i) => {
    const record = practiceAt(i, seed, vocabulary);
    return sectionsToo ? record : { ...record, sections: { aanleiding: null, aanpak: record.sections.aanpak?.split('\n\n')[0] ?? null, resultaten: null, leerpunten: null } };
  });
  importPractices({ practices: t.services.practices, events: t.services.events }, records, { origin: 'synthetic-catalogue' });
  await t.services.catalogue.refreshInBackground();
}
