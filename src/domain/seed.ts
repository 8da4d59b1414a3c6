// The seed catalogue: practice examples taken from the project's source texts, published on first start.
import { z } from 'zod';
import { practiceInputSchema } from './practice.js';
import type { PracticeStore } from './practice-store.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const seedRecordSchema = z.object({ slug: z.string().regex(SLUG_PATTERN) }).passthrough();

export class SeedError extends Error {}

/** Where the seed notes that it ran: the facts kept about the database itself (the SQLite MetaRepository). */
export interface MetaStore {
  set(key: string, value: string): void;
}

/** The slugs of the seed records: which practices of the catalogue come from the project's source texts. */
export function seedSlugsOf(records: unknown): ReadonlySet<string> {
  if (!Array.isArray(records)) return new Set();
  return new Set(records.flatMap((record) => {
    const parsed = seedRecordSchema.safeParse(record);
    return parsed.success ? [parsed.data.slug] : [];
  }));
}

/** Validates every seed record with the practice schema and publishes them all, or none. Returns how many. */
export function seedCatalogue(records: unknown, practices: PracticeStore, meta: MetaStore, now = new Date().toISOString()): number {
  if (!Array.isArray(records)) throw new SeedError('Het seedbestand moet een lijst van praktijken zijn.');
  const valid = records.map((record, index) => {
    const withSlug = seedRecordSchema.safeParse(record);
    const { slug: _slug, ...rest } = (withSlug.success ? withSlug.data : {}) as { slug?: string };
    const input = practiceInputSchema.safeParse(rest);
    if (!withSlug.success || !input.success) {
      const issues = [...(withSlug.error?.issues ?? []), ...(input.error?.issues ?? [])];
      throw new SeedError(`Seedrecord ${index} is ongeldig: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return { slug: withSlug.data.slug, input: input.data };
  });
  return practices.transaction(() => {
    for (const { slug, input } of valid) practices.insert({ slug, status: 'published', input, now });
    meta.set('seeded_at', now);
    return valid.length;
  });
}
