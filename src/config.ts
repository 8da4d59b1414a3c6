// Configuration comes from the environment, is validated once at start-up and is read-only after.
import { z } from 'zod';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'gebruik true of false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'gebruik development, production of test' }).default('development'),
  // Only plain digits: Number() would also take '0x50' or '1e3', which nobody means as a port.
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, { error: 'moet een poortnummer van 0 tot 65535 zijn' })
    .transform(Number)
    .pipe(z.number().max(65535, { error: 'moet een poortnummer van 0 tot 65535 zijn' }))
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default(`${PROJECT_ROOT}db/praktijkbank.sqlite`),
  SEED_CATALOGUE: booleanFlag.default(true),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly databasePath: string;
  /** Fill an empty, newly created database with the seed catalogue. */
  readonly seedCatalogue: boolean;
  readonly migrationsDir: string;
  readonly seedsDir: string;
  readonly viewsDir: string;
  readonly assetsDir: string;
}

export class ConfigError extends Error {}

/** Reads the configuration from an environment (process.env in main.ts, a plain object in tests). */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Ongeldige configuratie: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    seedCatalogue: e.SEED_CATALOGUE,
    migrationsDir: `${PROJECT_ROOT}db/migrations`,
    seedsDir: `${PROJECT_ROOT}seeds`,
    viewsDir: `${PROJECT_ROOT}views`,
    assetsDir: `${PROJECT_ROOT}views/assets`,
  });
}
