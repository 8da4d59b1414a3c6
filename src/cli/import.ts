// Bulk import from the command line: npm run import -- FILE.json|FILE.csv [--dry-run].
// Like main.ts, an entry point: it reads process.env (DATABASE_PATH) and exits.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  ImportRejected,
  type ImportPlan,
  type ImportProblem,
  JSON_RECORDS,
  type RecordNoun,
  importPractices,
  planImport,
  validateImport,
} from '../domain/bulk-import.js';
import { CSV_ROWS, recordsOfCsv, rowNumberOf } from '../domain/csv-import.js';
import { EventRepository } from '../store/event-repository.js';
import { PracticeRepository } from '../store/practice-repository.js';
import { CommandFailure, runCommand, UsageError } from './command-runner.js';
import { configOrExit, databaseOrExit } from './entry.js';

const USAGE = `Gebruik: npm run import -- BESTAND.json|BESTAND.csv [--dry-run]

  Leest praktijken in de vorm van de API (GET /api/v1/practices/{slug}, of de "items" van
  GET /api/v1/practices) uit een JSON-lijst, of de rijen van de CSV-export (/praktijken/export.csv,
  eventueel bewerkt in een rekenblad). Elk record wordt gecontroleerd met dezelfde regels als het
  formulier; alles wordt in één keer geschreven, of niets als er één record ongeldig is.

  Een slug die al bestaat, werkt die praktijk bij (status en geschiedenis blijven); een nieuwe slug,
  of geen, publiceert een nieuwe praktijk. Materialen en een privé-e-mailadres staan niet in een
  export: bij een bijgewerkte praktijk blijven ze zoals ze waren.

  --dry-run   controleer alleen en toon wat er zou veranderen; schrijf niets in de database

De database is die van DATABASE_PATH, net als bij npm start. Een Praktijkbank die al draait, vindt
de nieuwe en bijgewerkte praktijken binnen vijf seconden.`;

class ImportFileError extends Error {}

interface ImportFile {
  readonly records: unknown;
  readonly noun: RecordNoun;
  /** How a problem names its record: "record 3" in a JSON list, "rij 5" as a spreadsheet shows it. */
  readonly where: (index: number) => string;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportFileError(`Het bestand ${file} bestaat niet.`);
    if (code === 'EISDIR') throw new ImportFileError(`${file} is een map, geen bestand.`);
    throw new ImportFileError(`Het bestand ${file} kan niet gelezen worden (${code ?? String(error)}).`);
  }
}

/** The file's records, or a Dutch message that says what is wrong with the file itself. */
function readRecords(file: string): ImportFile {
  const text = readText(file);
  const csv = extname(file).toLowerCase() === '.csv';
  if (text.trim() === '') throw new ImportFileError(`Het bestand ${file} is leeg: verwacht ${csv ? 'een kopregel en één rij per praktijk' : 'een JSON-lijst van praktijken'}.`);
  if (csv) {
    const parsed = recordsOfCsv(text);
    if (!parsed.ok) throw new ImportFileError(`${parsed.problems.map((p) => p.message).join(' ')} Er is niets ingelezen.`);
    return { records: parsed.records, noun: CSV_ROWS, where: (index) => `rij ${rowNumberOf(index)}` };
  }
  try {
    return { records: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, noun: JSON_RECORDS, where: (index) => `record ${index}` };
  } catch (error) {
    throw new ImportFileError(`Het bestand ${file} is geen geldige JSON (${(error as Error).message}). Er is niets ingelezen.`);
  }
}

function reportProblems(problems: readonly ImportProblem[], where: ImportFile['where']): void {
  for (const p of problems) console.error(`${where(p.index)}: ${p.message}`);
}

const count = new Intl.NumberFormat('nl-BE');
const practices = (n: number) => `${count.format(n)} ${n === 1 ? 'praktijk' : 'praktijken'}`;

/** What was (or would be) done, one line per kind and one per updated practice with its changed fields. */
function reportPlan(plan: ImportPlan): void {
  console.log(`Nieuw gepubliceerd: ${practices(plan.inserted.length)}.`);
  console.log(`Bijgewerkt: ${practices(plan.updated.length)}.`);
  for (const { slug, fields } of plan.updated) console.log(`  ${slug}: ${fields.join(', ')}`);
  console.log(`Ongewijzigd: ${practices(plan.unchanged.length)}.`);
  if (plan.updated.length + plan.unchanged.length > 0) {
    console.log('Materialen en privé-e-mailadressen staan niet in het bestand: bij bestaande praktijken zijn ze behouden.');
  }
}

await runCommand({
  usage: USAGE,
  options: { 'dry-run': 'boolean' },
  failures: [ImportFileError],
  run({ positionals, values }) {
    const [file, ...more] = positionals;
    if (file === undefined || more.length > 0) throw new UsageError('Geef precies één JSON- of CSV-bestand om in te lezen.');
    const config = configOrExit();
    if (!config) return;
    const input = readRecords(file);
    const db = databaseOrExit(config);
    if (!db) return;
    try {
      const repository = new PracticeRepository(db);
      if (values['dry-run']) {
        const validation = validateImport(input.records, (slug) => repository.findBySlug(slug), input.noun);
        if (!validation.ok) throw new ImportRejected(validation.problems, validation.total, input.noun);
        reportPlan(planImport(validation.records));
        console.log(`In orde: ${file} kan ingelezen worden (--dry-run: er is niets geschreven).`);
        return;
      }
      const result = importPractices({ practices: repository, events: new EventRepository(db) }, input.records, { origin: basename(file), noun: input.noun });
      reportPlan(result);
      console.log(
        `Ingelezen: ${practices(result.imported)} uit ${file} in ${config.databasePath}. ` +
          'Een Praktijkbank die al draait, vindt ze binnen vijf seconden.',
      );
    } catch (error) {
      if (!(error instanceof ImportRejected)) throw error;
      // A file that is no list of records has one problem, which the message already says.
      if (error.total > 0) reportProblems(error.problems, input.where);
      throw new CommandFailure(error.message);
    } finally {
      db.close();
    }
  },
});
