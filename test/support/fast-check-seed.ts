// One seed for every fast-check property of a run, fixed unless asked otherwise, so `npm test` checks
// the same cases every time. Loaded by mocha before any suite (.mocharc.json `require`).
//   FUZZ_SEED unset      the fixed seed below
//   FUZZ_SEED=random     a new seed, for exploring (printed, so a failure can be replayed)
//   FUZZ_SEED=20250612   that seed (CI's dated run uses the day)
import fc from 'fast-check';

/** The seed of `npm test`. Changing it changes which cases are checked, so change it on purpose only. */
export const FIXED_FUZZ_SEED = 24_301;

function seedFrom(value: string | undefined): number {
  if (value === undefined || value === '') return FIXED_FUZZ_SEED;
  if (value === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be a whole number or "random", not ${JSON.stringify(value)}`);
  // fast-check keeps seeds as 32-bit integers; a larger number would be cut to other bits silently.
  return seed | 0;
}

export const FUZZ_SEED = seedFrom(process.env.FUZZ_SEED);
// Worker processes (mocha --parallel) inherit the environment: with it they draw the same random seed.
if (process.env.FUZZ_SEED === 'random') process.env.FUZZ_SEED = String(FUZZ_SEED);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FUZZ_SEED });

/** Runs once per mocha run, in the main process: the seed is printed at the start. */
export function mochaGlobalSetup(): void {
  const runs = process.env.FUZZ_RUNS ? `, fuzz runs ×${process.env.FUZZ_RUNS}` : '';
  console.log(`  fast-check seed ${FUZZ_SEED}${process.env.FUZZ_SEED ? '' : ' (the fixed one)'}${runs}; replay a run with FUZZ_SEED=${FUZZ_SEED}, explore with FUZZ_SEED=random`);
}
