// Moderator accounts from the command line: npm run moderator -- add|list|password|reset-2fa|disable|enable|remove.
// Like main.ts, an entry point: it reads process.env (DATABASE_PATH, PUBLIC_URL, MODERATOR_PASSWORD) and exits.
import type { Config } from '../config.js';
import {
  ModeratorAccountError,
  createModerator,
  disableModerator,
  enableModerator,
  listModerators,
  passwordProblem,
  removeModerator,
  resetModeratorPassword,
  resetSecondFactor,
} from '../domain/moderators.js';
import { ENROLMENT_LINK_LIFETIME_MS, issueEnrolmentLink } from '../domain/second-factor.js';
import { beheerPaths } from '../http/beheer-paths.js';
import { ModeratorRepository } from '../store/moderator-repository.js';
import { ModeratorNoticeRepository } from '../store/moderator-notice-repository.js';
import type { NoticeChoice } from '../domain/moderator-notice-store.js';
import { runCommand, UsageError } from './command-runner.js';
import { configOrExit, databaseOrExit } from './entry.js';
import { SqliteSessionStore } from '../store/session-store.js';

const USAGE = `Gebruik: npm run moderator -- <opdracht> [e-mailadres]

  add E-MAIL        maak een moderator aan en toon de inschrijvingslink voor de tweede factor
  list              toon alle moderatoren
  password E-MAIL   geef een moderator een nieuw wachtwoord (en beëindig open sessies)
  reset-2fa E-MAIL  wis de tweede factor (verloren gsm) en toon een nieuwe inschrijvingslink
  disable E-MAIL    blokkeer een account; wat de moderator deed, blijft in de geschiedenis
  enable E-MAIL     laat een geblokkeerd account weer toe
  remove E-MAIL     verwijder een account dat nog niets beoordeeld heeft

Het wachtwoord komt uit MODERATOR_PASSWORD, of wordt gevraagd (onzichtbaar) als dat niet gezet is.
De database is die van DATABASE_PATH, net als bij npm start; de links beginnen met PUBLIC_URL.
Een inschrijvingslink werkt één keer en ${ENROLMENT_LINK_LIFETIME_MS / 3_600_000} uur lang.`;

const dateTime = new Intl.DateTimeFormat('nl-BE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' });

/** What each moderator chose at /beheer/meldingen, as `list` shows it. */
const NOTICE_LABELS: Record<NoticeChoice, string> = { immediate: 'e-mail: meteen', daily: 'e-mail: dagoverzicht', never: 'e-mail: geen' };

async function newPassword(): Promise<string> {
  const fromEnvironment = process.env.MODERATOR_PASSWORD;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  if (!process.stdin.isTTY) {
    throw new ModeratorAccountError('Geef het wachtwoord in MODERATOR_PASSWORD, of start dit commando in een terminal om het te typen.');
  }
  const password = await promptHidden('Wachtwoord: ');
  // Say what is wrong before asking to type it all again.
  const problem = passwordProblem(password);
  if (problem) throw new ModeratorAccountError(problem);
  if ((await promptHidden('Herhaal het wachtwoord: ')) !== password) throw new ModeratorAccountError('De twee wachtwoorden verschillen. Er is niets veranderd.');
  return password;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new ModeratorAccountError('Afgebroken. Er is niets veranderd.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdout.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

function emailArgument(args: readonly string[], command: string): string {
  const [email, ...rest] = args;
  if (email === undefined || rest.length > 0) throw new UsageError(`"${command}" verwacht precies één e-mailadres.`);
  return email;
}

/** Makes a new enrolment link and says where to send it. */
function printEnrolmentLink(moderators: ModeratorRepository, email: string, config: Config): void {
  const link = issueEnrolmentLink(moderators, email);
  if (!link) throw new ModeratorAccountError(`Er is geen moderator met het e-mailadres ${email}.`);
  console.log(
    [
      `Bezorg ${link.moderator.email} deze persoonlijke inschrijvingslink (werkt één keer, tot ${dateTime.format(link.expiresAt)}):`,
      '',
      `  ${config.publicUrl}${beheerPaths.enrolment(link.token)}`,
      '',
      'Daar scant de moderator de QR-code met een authenticator-app en bevestigt met het wachtwoord en een code.',
      `Daarna is inloggen op ${config.publicUrl}${beheerPaths.login()}. Een eerdere link van dit account werkt niet meer.`,
      ...(config.moderatorSecondFactor ? [] : ['MODERATOR_2FA staat uit: tot het weer aan staat, logt de moderator in met het wachtwoord alleen.']),
    ].join('\n'),
  );
}

async function run(args: readonly string[], moderators: ModeratorRepository, sessions: SqliteSessionStore, config: Config, notices: ModeratorNoticeRepository): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'add': {
      const email = emailArgument(rest, command);
      const moderator = await createModerator(moderators, email, await newPassword());
      console.log(`Moderator ${moderator.email} is aangemaakt.`);
      printEnrolmentLink(moderators, moderator.email, config);
      return;
    }
    case 'list': {
      if (rest.length > 0) throw new UsageError('"list" verwacht geen e-mailadres.');
      const all = listModerators(moderators);
      if (all.length === 0) {
        console.log('Er zijn nog geen moderatoren. Maak er een aan met: npm run moderator -- add E-MAIL');
        return;
      }
      for (const m of all) {
        const state = m.disabled ? 'geblokkeerd' : 'actief';
        const link = m.enrolmentLinkExpiresAt ? `inschrijvingslink geldig tot ${dateTime.format(m.enrolmentLinkExpiresAt)}` : 'geen geldige inschrijvingslink: npm run moderator -- reset-2fa';
        const secondFactor = m.hasSecondFactor ? 'tweede factor ingesteld' : `tweede factor nog niet ingesteld (${link})`;
        const id = moderators.findByEmail(m.email)?.id;
        const choice = id === undefined ? undefined : notices.choiceOf(id);
        console.log(`${m.email}\t${state}\t${secondFactor}\taangemaakt ${dateTime.format(new Date(m.createdAt))}\t${choice ? NOTICE_LABELS[choice] : ''}`);
      }
      return;
    }
    case 'password': {
      const email = emailArgument(rest, command);
      const moderator = await resetModeratorPassword(moderators, email, await newPassword());
      const ended = sessions.destroyByModerator(moderator.id);
      console.log(`${moderator.email} heeft een nieuw wachtwoord.${ended ? ' Open sessies zijn beëindigd.' : ''}`);
      return;
    }
    case 'reset-2fa': {
      const moderator = resetSecondFactor(moderators, emailArgument(rest, command));
      const ended = sessions.destroyByModerator(moderator.id);
      console.log(`De tweede factor van ${moderator.email} is gewist; inloggen kan pas weer na het instellen van een nieuwe.${ended ? ' Open sessies zijn beëindigd.' : ''}`);
      printEnrolmentLink(moderators, moderator.email, config);
      return;
    }
    case 'disable': {
      const moderator = disableModerator(moderators, emailArgument(rest, command));
      sessions.destroyByModerator(moderator.id);
      console.log(`${moderator.email} is geblokkeerd en kan niet meer inloggen.`);
      return;
    }
    case 'enable': {
      const moderator = enableModerator(moderators, emailArgument(rest, command));
      console.log(`${moderator.email} kan weer inloggen.`);
      return;
    }
    case 'remove': {
      const moderator = removeModerator(moderators, emailArgument(rest, command));
      sessions.destroyByModerator(moderator.id);
      console.log(`${moderator.email} is verwijderd.`);
      return;
    }
    case undefined:
      throw new UsageError('Geef een opdracht.');
    default:
      throw new UsageError(`Onbekende opdracht "${command}".`);
  }
}

await runCommand({
  usage: USAGE,
  options: {},
  failures: [ModeratorAccountError],
  async run({ positionals }) {
    const config = configOrExit();
    const db = config && databaseOrExit(config);
    if (!db) return;
    const sessions = new SqliteSessionStore(db, { pruneIntervalMs: 0 });
    try {
      await run(positionals, new ModeratorRepository(db), sessions, config, new ModeratorNoticeRepository(db));
    } finally {
      sessions.close();
      db.close();
    }
  },
});
