// A backup of the live database from the command line: npm run backup -- FILE [--force].
// Like main.ts, an entry point: it reads process.env (DATABASE_PATH) and exits.
import { PUBLICATION_STATUSES, labelOf } from '../domain/vocabulary.js';
import { BackupError, type BackupSummary, backupDatabase } from '../store/backup.js';
import { configOrExit } from './entry.js';

const USAGE = `Gebruik: npm run backup -- BESTAND [--force]

  Kopieert de database van DATABASE_PATH naar BESTAND, ook terwijl Praktijkbank draait en
  inzendingen bewaart, en controleert de kopie met PRAGMA integrity_check.

  --force   overschrijf BESTAND als het al bestaat

Terugzetten: zie README, 'Back-up en herstel'.`;

class UsageError extends Error {}

interface Arguments {
  readonly target: string;
  readonly force: boolean;
}

function parseArguments(args: readonly string[]): Arguments | 'help' {
  if (args.some((a) => a === '--help' || a === '-h' || a === 'help')) return 'help';
  const force = args.includes('--force');
  const unknown = args.find((a) => a.startsWith('-') && a !== '--force');
  if (unknown !== undefined) throw new UsageError(`Onbekende optie "${unknown}".`);
  const files = args.filter((a) => a !== '--force');
  if (files.length !== 1 || files[0] === undefined) throw new UsageError('Geef precies één bestand voor de back-up.');
  return { target: files[0], force };
}

const number = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });

function sizeOf(bytes: number): string {
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} kB`;
  return `${number.format(bytes / (1024 * 1024))} MB`;
}

function summaryOf({ target, bytes, practicesByStatus }: BackupSummary): string {
  const order = (status: string) => PUBLICATION_STATUSES.findIndex((s) => s.value === status);
  const counts = Object.entries(practicesByStatus).sort(([a], [b]) => order(a) - order(b));
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const perStatus = counts.map(([status, n]) => `${n} ${labelOf(PUBLICATION_STATUSES, status).toLowerCase()}`).join(', ');
  return `Back-up gemaakt: ${target} (${sizeOf(bytes)}, ${total} ${total === 1 ? 'praktijk' : 'praktijken'}${perStatus ? `: ${perStatus}` : ''}). De kopie is gecontroleerd (integrity_check: ok).`;
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (!config) return;
  try {
    const args = parseArguments(process.argv.slice(2));
    if (args === 'help') {
      console.log(USAGE);
      return;
    }
    console.log(summaryOf(await backupDatabase({ source: config.databasePath, target: args.target, overwrite: args.force })));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof BackupError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

await main();
