// What every entry point (the server and the commands) shares: the configuration from the environment
// and the database, each of which fails with its Dutch message on stderr and exit code 1, never a stack
// trace. An operator needs to read what to fix, not where in the code it broke.
import { type Config, ConfigError, loadConfig } from '../config.js';
import { type Db, DatabaseOpenError, openDatabase } from '../store/database.js';

/** The configuration, or undefined after saying what is wrong with it (exit code 1). */
export function configOrExit(environment: Record<string, string | undefined> = process.env): Config | undefined {
  try {
    return loadConfig(environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return undefined;
  }
}

/** The opened, migrated database, or undefined after saying why it cannot be opened (exit code 1). */
export function databaseOrExit(config: Config): Db | undefined {
  try {
    return openDatabase({ path: config.databasePath, migrationsDir: config.migrationsDir });
  } catch (error) {
    if (!(error instanceof DatabaseOpenError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return undefined;
  }
}
