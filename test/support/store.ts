// Throwaway SQLite files in the system's temp directory, and the real seed catalogue parsed the way
// src/domain/seed.ts parses it: for tests of the store and the domain without the app around them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PracticeInput, practiceInputSchema } from '../../src/domain/practice.js';
import { SLUG_PATTERN, seedCatalogue } from '../../src/domain/seed.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { MetaRepository } from '../../src/store/meta-repository.js';
import { PracticeRepository } from '../../src/store/practice-repository.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MIGRATIONS_DIR = join(ROOT, 'db', 'migrations');
export const SEED_FILE = join(ROOT, 'seeds', 'practices.json');

/** The seed file as it is on disk: an array of records with a slug. */
export function rawSeedRecords(): unknown[] {
  const parsed: unknown = JSON.parse(readFileSync(SEED_FILE, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${SEED_FILE} is not an array`);
  return parsed;
}

export interface SeedRecord {
  readonly slug: string;
  readonly input: PracticeInput;
}

/** The seed records, each validated by the practice schema exactly as seedCatalogue does. */
export function seedRecords(): SeedRecord[] {
  return rawSeedRecords().map((record, index) => {
    const { slug, ...rest } = record as { slug?: unknown };
    if (typeof slug !== 'string' || !SLUG_PATTERN.test(slug)) throw new Error(`seed record ${index} has no valid slug`);
    return { slug, input: practiceInputSchema.parse(rest) };
  });
}

/** A fresh directory under the system's temp directory; remove it with removeTempDir in an after() hook. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'praktijkbank-unit-'));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export interface TestStore {
  readonly db: Db;
  readonly practices: PracticeRepository;
  readonly meta: MetaRepository;
}

/** Opens (and migrates) a new SQLite file in dir. */
export function openStore(dir: string, file = 'praktijkbank.sqlite'): TestStore {
  const db = openDatabase({ path: join(dir, file), migrationsDir: MIGRATIONS_DIR });
  return { db, practices: new PracticeRepository(db), meta: new MetaRepository(db) };
}

/** Opens a new SQLite file in dir holding the real seed catalogue, published at the given moment. */
export function openSeededStore(dir: string, now = '2024-01-15T09:00:00.000Z'): TestStore {
  const store = openStore(dir);
  seedCatalogue(rawSeedRecords(), store.practices, store.meta, now);
  return store;
}
