// A logger that keeps its JSON lines in memory, so a test can read what the app logged.
import { createLogger, type Logger } from '../../src/log.js';

export interface LogEntry {
  readonly level: number;
  readonly msg?: string;
  readonly event?: string;
  readonly reqId?: string;
  readonly err?: { type?: string; message?: string; code?: string; stack?: string; cause?: unknown };
  readonly [key: string]: unknown;
}

export interface CapturedLog {
  readonly logger: Logger;
  /** The raw lines, exactly as they would reach stdout. */
  readonly lines: string[];
  entries(): LogEntry[];
  /** The errors logged at level error or above: what a test that expects none asserts is empty. */
  serverErrors(): NonNullable<LogEntry['err']>[];
}

const ERROR_LEVEL = 50;

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  return {
    logger,
    lines,
    entries,
    serverErrors: () => entries().filter((e) => e.level >= ERROR_LEVEL).map((e) => e.err ?? { message: e.msg ?? '' }),
  };
}
