// What the unit suites import from one place; the helpers themselves live in test/support/.
export { MIGRATIONS_DIR, makeTempDir, openSeededStore, openStore, rawSeedRecords, removeTempDir, ROOT, SEED_FILE, type SeedRecord, seedRecords, type TestStore } from '../support/store.js';
export { practiceInput } from '../support/practices.js';
