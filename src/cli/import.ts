// Bulk import from the command line: npm run import -- FILE.json [--dry-run].
// Like main.ts, an entry point: it reads process.env (DATABASE_PATH) and exits.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ImportRejected, type ImportProblem, importPractices, validateImport } from '../domain/bulk-import.js';
import { EventRepository } from '../store/event-repository.js';
import { PracticeRepository } from '../store/practice-repository.js';
import { CommandFailure, runCommand, UsageError } from './command-runner.js';
import { configOrExit, databaseOrExit } from './entry.js';

const USAGE = `Gebruik: npm run import -- BESTAND.json [--dry-run]

  Leest praktijken in de vorm van de API (GET /api/v1/practices/{slug}, of de "items" van
  GET /api/v1/practices) uit een JSON-lijst, controleert elk record met dezelfde regels als het
  formulier en publiceert ze allemaal in één keer, of geen enkele als er één record ongeldig is.

  --dry-run   controleer alleen; schrijf niets in de database

De database is die van DATABASE_PATH, net als bij npm start. Een Praktijkbank die al draait, vindt
de nieuwe praktijken binnen vijf seconden.`;

class ImportFileError extends Error {}

/** The file's JSON, or a Dutch message that says what is wrong with the file itself. */
function readRecords(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportFileError(`Het bestand ${file} bestaat niet.`);
    if (code === 'EISDIR') throw new ImportFileError(`${file} is een map, geen bestand.`);
    throw new ImportFileError(`Het bestand ${file} kan niet gelezen worden (${code ?? String(error)}).`);
  }
  if (text.trim() === '') throw new ImportFileError(`Het bestand ${file} is leeg: verwacht een JSON-lijst van praktijken.`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new ImportFileError(`Het bestand ${file} is geen geldige JSON (${(error as Error).message}). Er is niets ingelezen.`);
  }
}

function reportProblems(problems: readonly ImportProblem[]): void {
  for (const p of problems) console.error(`record ${p.index}: ${p.message}`);
}

const count = new Intl.NumberFormat('nl-BE');

await runCommand({
  usage: USAGE,
  options: { 'dry-run': 'boolean' },
  failures: [ImportFileError],
  run({ positionals, values }) {
    const [file, ...more] = positionals;
    if (file === undefined || more.length > 0) throw new UsageError('Geef precies één JSON-bestand om in te lezen.');
    const config = configOrExit();
    if (!config) return;
    const records = readRecords(file);
    const db = databaseOrExit(config);
    if (!db) return;
    try {
      const practices = new PracticeRepository(db);
      if (values['dry-run']) {
        const validation = validateImport(records, (slug) => practices.slugExists(slug));
        if (!validation.ok) throw new ImportRejected(validation.problems, validation.total);
        console.log(`In orde: ${count.format(validation.records.length)} praktijken in ${file} kunnen ingelezen worden (--dry-run: er is niets geschreven).`);
        return;
      }
      const { imported } = importPractices({ practices, events: new EventRepository(db) }, records, { origin: basename(file) });
      console.log(
        `Ingelezen: ${count.format(imported)} ${imported === 1 ? 'praktijk' : 'praktijken'} uit ${file}, gepubliceerd in ${config.databasePath}. ` +
          'Een Praktijkbank die al draait, vindt ze binnen vijf seconden.',
      );
    } catch (error) {
      if (!(error instanceof ImportRejected)) throw error;
      // A file that is no list of records has one problem, which the message already says.
      if (error.total > 0) reportProblems(error.problems);
      throw new CommandFailure(error.message);
    } finally {
      db.close();
    }
  },
});
