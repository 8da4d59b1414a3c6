// Wires the layers below HTTP: the database, the seed catalogue on first start, the searchable catalogue.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDependencies } from './app.js';
import type { Config } from './config.js';
import { Catalogue } from './domain/catalogue.js';
import { seedCatalogue, seedSlugsOf } from './domain/seed.js';
import { type Db, openDatabase } from './store/database.js';
import { MetaRepository } from './store/meta-repository.js';
import { buildInWorker } from './search/index-builder.js';
import { EventRepository } from './store/event-repository.js';
import { ModeratorRepository } from './store/moderator-repository.js';
import { PracticeRepository } from './store/practice-repository.js';
import { PracticeUpdateRepository } from './store/practice-update-repository.js';
import { SearchIndexRepository } from './store/search-index-repository.js';
import { SqliteSessionStore } from './store/session-store.js';
import { databaseHealth, type DatabaseHealth } from './store/database-health.js';
import { cleanUpMaterials } from './domain/materials.js';
import { MaterialFiles } from './store/material-files.js';
import { MaterialRepository } from './store/material-repository.js';
import { createLogger, type Logger } from './log.js';
import { SubmissionRepository } from './store/submission-repository.js';
import { OutboxRepository } from './store/outbox-repository.js';
import { OutboxWorker } from './domain/outbox-worker.js';
import { emlTransport } from './mail/eml-transport.js';
import { smtpTransport } from './mail/smtp-transport.js';
import type { MailOutbox } from './domain/outbox.js';
import { SCHEDULED_JOBS_EVERY_MS, type ScheduledJob, runScheduledJobs } from './domain/scheduled-jobs.js';
import { siteLinksOf } from './http/public-url.js';
import { signingKey } from './http/signing-keys.js';
import { PracticeCheckRepository } from './store/practice-check-repository.js';
import { catalogueDayJob, yearlyCheckJob } from './domain/yearly-check.js';
import { ContactRelayRepository } from './store/contact-relay-repository.js';
import { contactRelayPruneJob } from './domain/contact.js';
import { ModeratorNoticeRepository } from './store/moderator-notice-repository.js';
import { moderatorDigestJob } from './domain/moderator-notices.js';
import { AdoptionRepository } from './store/adoption-repository.js';
import { expiredAdoptionsJob } from './domain/adoptions.js';
import { SynonymRepository } from './store/synonym-repository.js';
import { synonymsFollower } from './domain/synonyms.js';

export interface Services {
  readonly db: Db;
  readonly practices: PracticeRepository;
  readonly submissions: SubmissionRepository;
  readonly events: EventRepository;
  readonly practiceUpdates: PracticeUpdateRepository;
  readonly catalogue: Catalogue;
  readonly moderators: ModeratorRepository;
  readonly sessionStore: SqliteSessionStore;
  readonly databaseHealth: () => DatabaseHealth;
  /** Uploaded materials: rows in the database, files under MATERIALS_DIR. */
  readonly materialStores: { readonly materials: MaterialRepository; readonly materialFiles: MaterialFiles };
  /** Messages waiting to be sent, written with their cause (issue 14). */
  readonly outbox: OutboxRepository;
  /** Sends the outbox; main.ts awaits its stop() before close() on a graceful stop. */
  readonly mailWorker: OutboxWorker;
  /** The outbox with the site's absolute links: what a domain operation needs to write mail. */
  readonly mail: MailOutbox;
  /** The yearly check's questions ("Klopt uw praktijk nog?"), one row each. */
  readonly practiceChecks: PracticeCheckRepository;
  /** Each moderator's choice of e-mail about waiting work, and the days a digest went out. */
  readonly moderatorNotices: ModeratorNoticeRepository;
  /** Relayed contact messages as the limits count them (no content, no addresses). */
  readonly contactRelays: ContactRelayRepository;
  /** "Wij doen dit ook": adoptions of a practice by another municipality. */
  readonly adoptions: AdoptionRepository;
  /** The moderators' synonym lists, one row per saved revision (issue 15). */
  readonly synonyms: SynonymRepository;
  /** The slugs of the seed file's records: the about page counts which published practices come from the source texts. */
  readonly seedSlugs: ReadonlySet<string>;
  /** Runs the clock's work (digests, yearly checks) as at `now`; the services do so every few minutes, tests call it. */
  runScheduledJobs(now: Date): void;
  close(): void;
}

/** What createApp needs of the opened services, by name: main.ts and the tests wire the app the same way. */
export function appDependenciesOf(services: Services): Pick<AppDependencies, 'catalogue' | 'stores' | 'moderators' | 'sessionStore' | 'databaseHealth' | 'materialStores' | 'outbox' | 'contactRelays' | 'moderatorNotices' | 'seedSlugs'> {
  return {
    outbox: services.outbox,
    contactRelays: services.contactRelays,
    moderatorNotices: services.moderatorNotices,
    catalogue: services.catalogue,
    stores: services,
    moderators: services.moderators,
    sessionStore: services.sessionStore,
    databaseHealth: services.databaseHealth,
    materialStores: services.materialStores,
    seedSlugs: services.seedSlugs,
  };
}

/** How often files no practice uses any more (and upload leftovers) are looked for and removed. */
export const MATERIAL_CLEAN_UP_MS = 60 * 60 * 1000;

/** How long after a start the scheduled jobs first run: after the start-up's own work. */
export const FIRST_JOB_RUN_MS = 30_000;

/** How often the catalogue looks for changes made by another process (npm run import, a second app). */
export const CATALOGUE_POLL_MS = 5_000;

function seedSlugsOrNone(readSeeds: () => unknown): ReadonlySet<string> {
  try {
    return seedSlugsOf(readSeeds());
  } catch {
    return new Set();
  }
}

export function openServices(
  config: Config,
  logger: Logger = createLogger({ level: config.logLevel }),
  { cataloguePollMs = CATALOGUE_POLL_MS, sendMail = true, runJobs = true }: { cataloguePollMs?: number; sendMail?: boolean; runJobs?: boolean } = {},
): Services {
  const db = openDatabase({ path: config.databasePath, migrationsDir: config.migrationsDir });
  try {
    const practices = new PracticeRepository(db);
    const meta = new MetaRepository(db);
    // Seed once, on the first start of a new database; a catalogue emptied on purpose stays empty.
    const readSeeds = (): unknown => JSON.parse(readFileSync(join(config.seedsDir, 'practices.json'), 'utf8'));
    if (config.seedCatalogue && meta.get('seeded_at') === undefined && practices.count() === 0) seedCatalogue(readSeeds(), practices, meta);
    // Read on every start: an installation without the seed file simply has no practices from the source texts.
    const seedSlugs = meta.get('seeded_at') === undefined ? new Set<string>() : seedSlugsOrNone(readSeeds);
    // The search index is stored in the database and rebuilt in a worker thread only when missing or stale.
    const catalogue = new Catalogue(practices, {
      buildIndex: buildInWorker,
      indexStore: new SearchIndexRepository(db),
      log: (message, error) => logger.error({ err: error, event: 'catalogue' }, message),
    });
    // Searches apply the moderators' synonym list (or the code's, while none was saved) from the start; a
    // save in this process applies at once, one in another process (a second app) at the next poll.
    const synonyms = new SynonymRepository(db);
    const followSynonyms = synonymsFollower({ synonyms, catalogue });
    followSynonyms();
    // Prunes expired sessions now and every quarter of an hour; stopped by close().
    const sessionStore = new SqliteSessionStore(db);
    const materialStores = { materials: new MaterialRepository(db), materialFiles: new MaterialFiles(config.materialsDir) };
    const cleanUp = (startingUp: boolean) => {
      try {
        const removed = cleanUpMaterials(materialStores.materials, materialStores.materialFiles, new Date(), { startingUp });
        if (removed.unused.length + removed.orphans.length + removed.temporary > 0) logger.info({ event: 'materials_cleaned', ...removed }, 'unused material files removed');
      } catch (error) {
        logger.error({ err: error, event: 'materials_clean_up_failed' }, 'cleaning up material files failed');
      }
    };
    // At start no upload runs, so every leftover of one goes; then hourly, leaving young ones be.
    cleanUp(true);
    const materialCleanUp = setInterval(() => cleanUp(false), MATERIAL_CLEAN_UP_MS);
    materialCleanUp.unref();
    // Changes this process makes refresh the catalogue at once; changes from another process (an import
    // while the app runs) are found by comparing the catalogue version, one small query, every few seconds.
    let synonymsUnreadable = false;
    const poll = setInterval(() => {
      try {
        followSynonyms();
        synonymsUnreadable = false;
      } catch (error) {
        // Once per spell of trouble, not every few seconds.
        if (!synonymsUnreadable) logger.error({ err: error, event: 'synonyms' }, 'reading the synonym list failed; searches keep the list they have');
        synonymsUnreadable = true;
      }
      void catalogue.refreshInBackground();
    }, cataloguePollMs);
    poll.unref();
    // Mail leaves after the commit that wrote it, through SMTP_URL or, without it, as .eml files.
    const outbox = new OutboxRepository(db);
    const mailConfig = config.mail;
    const transport = mailConfig.smtpUrl === undefined ? emlTransport(mailConfig.dir, mailConfig.from) : smtpTransport(mailConfig.smtpUrl, mailConfig.from, mailConfig.sendTimeoutMs);
    const mailWorker = new OutboxWorker({ store: outbox, transport, messageIdDomain: mailConfig.from.address.split('@').pop() ?? 'localhost', leaseMs: 4 * mailConfig.sendTimeoutMs, log: logger });
    outbox.onAdded(() => mailWorker.wake());
    if (sendMail) {
      mailWorker.start();
      logger.info({ event: 'mail_transport', transport: transport.description }, `e-mail gaat via ${transport.description}`);
    }
    const mail: MailOutbox = { store: outbox, links: siteLinksOf(config.publicUrl) };
    // The clock's work. Each job decides what is due, so a run after a restart or a second process sends nothing twice.
    const submissions = new SubmissionRepository(db);
    const practiceUpdates = new PracticeUpdateRepository(db);
    const moderatorNotices = new ModeratorNoticeRepository(db);
    const adoptions = new AdoptionRepository(db);
    const scheduledJobs: ScheduledJob[] = [moderatorDigestJob({ practices, submissions, practiceUpdates, adoptions, mail, moderatorNotices })];
    const contactRelays = new ContactRelayRepository(db);
    scheduledJobs.push(contactRelayPruneJob(contactRelays));
    // Once a year after its last check, a practice's contact is asked whether it still holds; and the
    // catalogue moves to the new day, so "niet recent nagekeken" never lags behind the calendar.
    const practiceChecks = new PracticeCheckRepository(db);
    scheduledJobs.push(yearlyCheckJob({ practices, checks: practiceChecks, mail, key: signingKey(config.sessionSecret, 'yearly-check') }), catalogueDayJob(catalogue));
    // An unconfirmed adoption, with its address, goes once its confirmation link expired.
    scheduledJobs.push(expiredAdoptionsJob(adoptions));
    const runJobsNow = (now: Date) => {
      for (const { name, error } of runScheduledJobs(scheduledJobs, now)) logger.error({ err: error, event: 'scheduled_job_failed', job: name }, `scheduled job ${name} failed; tried again later`);
    };
    const jobTimer = runJobs ? setInterval(() => runJobsNow(new Date()), SCHEDULED_JOBS_EVERY_MS) : undefined;
    jobTimer?.unref();
    // Also soon after a start, so an installation that restarts more often than every few minutes still does its rounds.
    const firstJobRun = runJobs ? setTimeout(() => runJobsNow(new Date()), FIRST_JOB_RUN_MS) : undefined;
    firstJobRun?.unref();
    return {
      db,
      practices,
      submissions,
      events: new EventRepository(db),
      practiceUpdates,
      catalogue,
      moderators: new ModeratorRepository(db),
      sessionStore,
      databaseHealth: () => databaseHealth(db),
      materialStores,
      outbox,
      mailWorker,
      mail,
      practiceChecks,
      contactRelays,
      moderatorNotices,
      adoptions,
      synonyms,
      seedSlugs,
      runScheduledJobs: runJobsNow,
      close: () => {
        clearInterval(jobTimer);
        clearTimeout(firstJobRun);
        void mailWorker.stop();
        clearInterval(poll);
        clearInterval(materialCleanUp);
        catalogue.close();
        sessionStore.close();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
