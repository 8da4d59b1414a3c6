// A backup of the live database from the command line: npm run backup -- FILE [--force].
// Like main.ts, an entry point: it reads process.env (DATABASE_PATH) and exits.
import { PUBLICATION_STATUSES, labelOf } from '../domain/vocabulary.js';
import { BackupError, type BackupSummary, backupDatabase, materialsBackupOf } from '../store/backup.js';
import { runCommand, UsageError } from './command-runner.js';
import { configOrExit } from './entry.js';

const USAGE = `Gebruik: npm run backup -- BESTAND [--force]

  Kopieert de database van DATABASE_PATH naar BESTAND, ook terwijl Praktijkbank draait en
  inzendingen bewaart, en controleert de kopie met PRAGMA integrity_check. De bestanden
  (materiaal) uit MATERIALS_DIR die de kopie noemt, komen in de map BESTAND.materialen.

  --force   overschrijf BESTAND als het al bestaat

Terugzetten: zie README, 'Back-up en herstel'.`;

const number = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });

function sizeOf(bytes: number): string {
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} kB`;
  return `${number.format(bytes / (1024 * 1024))} MB`;
}

function summaryOf({ target, bytes, practicesByStatus, materials }: BackupSummary): string {
  const order = (status: string) => PUBLICATION_STATUSES.findIndex((s) => s.value === status);
  const counts = Object.entries(practicesByStatus).sort(([a], [b]) => order(a) - order(b));
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const perStatus = counts.map(([status, n]) => `${n} ${labelOf(PUBLICATION_STATUSES, status).toLowerCase()}`).join(', ');
  const files = `Materiaal: ${materials.copied} ${materials.copied === 1 ? 'bestand' : 'bestanden'} gekopieerd naar ${materialsBackupOf(target)}.`;
  // A file whose row the clean-up removed in between was unused anyway; any other is worth a look.
  const missing = materials.missing.length > 0 ? ` Let op: ${materials.missing.length} bestand(en) ontbraken in MATERIALS_DIR (${materials.missing.slice(0, 3).join(', ')}).` : '';
  return `Back-up gemaakt: ${target} (${sizeOf(bytes)}, ${total} ${total === 1 ? 'praktijk' : 'praktijken'}${perStatus ? `: ${perStatus}` : ''}). De kopie is gecontroleerd (integrity_check: ok).\n${files}${missing}`;
}

await runCommand({
  usage: USAGE,
  options: { force: 'boolean' },
  failures: [BackupError],
  async run({ positionals, values }) {
    const [target, ...more] = positionals;
    if (target === undefined || more.length > 0) throw new UsageError('Geef precies één bestand voor de back-up.');
    const config = configOrExit();
    if (!config) return;
    console.log(summaryOf(await backupDatabase({ source: config.databasePath, target, overwrite: values.force, materialsDir: config.materialsDir })));
  },
});
