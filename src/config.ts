// Configuration comes from the environment, is validated once at start-up and is read-only after.
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOG_LEVELS, type LogLevel } from './log.js';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'gebruik true of false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const wholeNumber = (max: number, message: string) =>
  z
    .string()
    .regex(/^\d{1,6}$/, { error: message })
    .transform(Number)
    .pipe(z.number().min(1, { error: message }).max(max, { error: message }));

// Which proxies may tell us the client's address and protocol: a hop count or their addresses.
// `true` (believe any X-Forwarded-For) is refused: anyone could then dodge the login rate limit.
const TRUST_PROXY_MESSAGE = "gebruik false, het aantal proxy's (bv. 1) of hun adressen (bv. loopback of 10.0.0.0/8)";
const trustProxyEntry = (entry: string) => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
};
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  if (value === 'false' || value === '0') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  if (entries.every(trustProxyEntry)) return entries;
  ctx.addIssue({ code: 'custom', message: TRUST_PROXY_MESSAGE });
  return z.NEVER;
});

// The address the public reaches the site at: every absolute URL (sitemap, feeds, JSON-LD, citations,
// status links) is built from it, never from a request's Host header, which anyone can set.
const PUBLIC_URL_MESSAGE = 'gebruik het publieke adres van de site, zoals https://praktijkbank.example.be (http of https, zonder pad, query of wachtwoord)';
const publicUrl = z.string().transform((value, ctx): string => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const plainOrigin = url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
  if (url === undefined || !plainOrigin || /[?#]$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: PUBLIC_URL_MESSAGE });
    return z.NEVER;
  }
  return url.origin;
});

// Who runs this installation: named in the footer, the statements and as the sender of system mail.
// No control characters (a CR/LF in a mail header) and no bidirectional overrides (a disguised sender).
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]*$/u;
const operatorText = (max: number, example: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `vul in, bijvoorbeeld ${example}` })
    .max(max, { error: `hoogstens ${max} tekens` })
    .regex(NO_CONTROL_CHARACTERS, { error: 'mag geen regeleinden of andere stuurtekens bevatten' });
const OPERATOR_SETTINGS = {
  OPERATOR_NAME: 'de naam van de organisatie die deze site beheert (bv. Vereniging van Vlaamse Steden en Gemeenten)',
  OPERATOR_ADDRESS: 'het postadres van die organisatie op één regel (bv. Voorbeeldstraat 1, 1000 Brussel)',
  OPERATOR_EMAIL: 'het e-mailadres waarop die organisatie vragen beantwoordt (bv. praktijkbank@example.be)',
} as const;
/** Outside production, clearly fake stand-ins; the pages then say the operator is not named yet. */
export const OPERATOR_PLACEHOLDER = Object.freeze({
  name: 'Praktijkbank (testinstallatie)',
  address: 'Voorbeeldstraat 1, 0000 Voorbeeldgemeente',
  email: 'voorbeeld@praktijkbank.invalid',
});

// Outgoing mail: smtp:// (STARTTLS where the server offers it) or smtps:// (TLS from the start, port 465).
// The message never repeats the value: it may hold a password.
const SMTP_URL_MESSAGE = 'gebruik smtp://gebruiker:wachtwoord@server:587 (STARTTLS) of smtps://gebruiker:wachtwoord@server:465; laat leeg om e-mails als .eml-bestanden te bewaren';
const smtpUrl = z.string().transform((value, ctx): string => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '' || (url.pathname !== '' && url.pathname !== '/')) {
    ctx.addIssue({ code: 'custom', message: SMTP_URL_MESSAGE });
    return z.NEVER;
  }
  return value;
});

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
  // Uploaded materials; without it, a folder `materials` beside the database, so a test's temporary database brings its own.
  MATERIALS_DIR: z.string().trim().min(1, { error: 'moet een map zijn, bijvoorbeeld /var/lib/praktijkbank/materials' }).optional(),
  SEED_CATALOGUE: booleanFlag.default(true),
  SESSION_SECRET: z.string().min(32, { error: 'moet minstens 32 tekens lang zijn (maak er een met: openssl rand -hex 32)' }).optional(),
  SESSION_IDLE_MINUTES: wholeNumber(24 * 60, 'gebruik een aantal minuten van 1 tot 1440').default(30),
  SESSION_MAX_HOURS: wholeNumber(7 * 24, 'gebruik een aantal uren van 1 tot 168').default(8),
  TRUST_PROXY: trustProxy.default(false),
  // Turning the moderators' second factor off takes a deliberate 'off'; main.ts says so at every start.
  MODERATOR_2FA: z.enum(['required', 'off'], { error: 'gebruik required of off' }).default('required'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `gebruik ${LOG_LEVELS.join(', ')}` }).default('info'),
  PUBLIC_URL: publicUrl.optional(),
  OPERATOR_NAME: operatorText(120, 'Vereniging van Vlaamse Steden en Gemeenten').optional(),
  OPERATOR_ADDRESS: operatorText(200, 'Voorbeeldstraat 1, 1000 Brussel').optional(),
  OPERATOR_EMAIL: z.string().trim().max(254, { error: 'hoogstens 254 tekens' }).pipe(z.email({ error: 'gebruik een geldig e-mailadres, zoals praktijkbank@example.be' })).optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z.string().trim().max(254, { error: 'hoogstens 254 tekens' }).pipe(z.email({ error: 'gebruik het afzenderadres van de e-mails, zoals praktijkbank@example.be' })).optional(),
  MAIL_DIR: z.string().trim().min(1, { error: 'moet een map zijn, bijvoorbeeld /var/lib/praktijkbank/mail' }).optional(),
  // One delivery step's limit (connecting, the greeting, each silent step); a claim lasts 4 times as long.
  MAIL_SEND_TIMEOUT_SECONDS: wholeNumber(600, 'gebruik een aantal seconden van 1 tot 600').default(30),
});

/** Outgoing mail (issue 14): through SMTP_URL, or as .eml files in `dir` without it. */
export interface MailConfig {
  /** smtp:// or smtps:// with its credentials; never log it. Undefined: write .eml files. */
  readonly smtpUrl: string | undefined;
  /** The sender: MAIL_FROM, else the operator's e-mail address; the operator's name is its display name. */
  readonly from: { readonly name: string; readonly address: string };
  /** Where .eml files go without SMTP_URL. */
  readonly dir: string;
  /** How long one step of a delivery may take before the attempt is abandoned. */
  readonly sendTimeoutMs: number;
}

/** The organisation that runs this installation (OPERATOR_NAME, OPERATOR_ADDRESS, OPERATOR_EMAIL). */
export interface Operator {
  readonly name: string;
  /** The postal address, on one line. */
  readonly address: string;
  readonly email: string;
  /** False while any of the three is a placeholder (never in production, which refuses to start). */
  readonly named: boolean;
}

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly databasePath: string;
  /** Where uploaded materials are kept, by content hash (store/material-files.ts). */
  readonly materialsDir: string;
  /** Fill an empty, newly created database with the seed catalogue. */
  readonly seedCatalogue: boolean;
  readonly migrationsDir: string;
  readonly seedsDir: string;
  readonly viewsDir: string;
  readonly assetsDir: string;
  /** Signs the session cookie; random per start outside production. */
  readonly sessionSecret: string;
  /** A moderator session ends after this long without a request (rolling). */
  readonly sessionIdleTimeoutMs: number;
  /** ...and this long after logging in, however busy. */
  readonly sessionAbsoluteTimeoutMs: number;
  /** Express's 'trust proxy': false, a hop count, or the proxies' addresses. */
  readonly trustProxy: false | number | readonly string[];
  /** Moderators log in with a password and a code from an authenticator app (TOTP). */
  readonly moderatorSecondFactor: boolean;
  readonly logLevel: LogLevel;
  /** The site's public origin ("https://praktijkbank.example.be"), the base of every absolute URL. */
  readonly publicUrl: string;
  /** True when PUBLIC_URL was not given and publicUrl is the listening address (main.ts fixes port 0). */
  readonly publicUrlIsListeningAddress: boolean;
  /** Who runs this site: footer, privacy and accessibility statements, sender of system mail. */
  readonly operator: Operator;
  readonly mail: MailConfig;
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
  if (e.NODE_ENV === 'production') {
    const missing = [
      e.PUBLIC_URL === undefined && 'PUBLIC_URL: verplicht als NODE_ENV=production, het adres waarop het publiek de site bereikt (bv. https://praktijkbank.example.be)',
      e.SESSION_SECRET === undefined && 'SESSION_SECRET: verplicht als NODE_ENV=production, minstens 32 willekeurige tekens (maak er een met: openssl rand -hex 32)',
      ...Object.entries(OPERATOR_SETTINGS).map(([name, what]) => e[name as keyof typeof OPERATOR_SETTINGS] === undefined && `${name}: verplicht als NODE_ENV=production, ${what}`),
    ].filter((problem) => problem !== false);
    if (missing.length > 0) throw new ConfigError(`Ongeldige configuratie: ${missing.join('; ')}`);
  }
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    materialsDir: e.MATERIALS_DIR ?? join(dirname(e.DATABASE_PATH), 'materials'),
    seedCatalogue: e.SEED_CATALOGUE,
    migrationsDir: `${PROJECT_ROOT}db/migrations`,
    seedsDir: `${PROJECT_ROOT}seeds`,
    viewsDir: `${PROJECT_ROOT}views`,
    assetsDir: `${PROJECT_ROOT}views/assets`,
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionIdleTimeoutMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteTimeoutMs: e.SESSION_MAX_HOURS * 60 * 60_000,
    trustProxy: Object.freeze(e.TRUST_PROXY),
    moderatorSecondFactor: e.MODERATOR_2FA === 'required',
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ?? listeningAddress(e.HOST, e.PORT),
    publicUrlIsListeningAddress: e.PUBLIC_URL === undefined,
    operator: Object.freeze({
      name: e.OPERATOR_NAME ?? OPERATOR_PLACEHOLDER.name,
      address: e.OPERATOR_ADDRESS ?? OPERATOR_PLACEHOLDER.address,
      email: e.OPERATOR_EMAIL ?? OPERATOR_PLACEHOLDER.email,
      named: e.OPERATOR_NAME !== undefined && e.OPERATOR_ADDRESS !== undefined && e.OPERATOR_EMAIL !== undefined,
    }),
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL,
      from: Object.freeze({ name: e.OPERATOR_NAME ?? 'Praktijkbank', address: e.MAIL_FROM ?? e.OPERATOR_EMAIL ?? OPERATOR_PLACEHOLDER.email }),
      dir: e.MAIL_DIR ?? join(dirname(e.DATABASE_PATH), 'mail'),
      sendTimeoutMs: e.MAIL_SEND_TIMEOUT_SECONDS * 1000,
    }),
  });
}

/**
 * The configuration once the server listens: without PUBLIC_URL the site is where it listens, and
 * with PORT=0 only the listening server knows which port that is.
 */
export function withListeningPort(config: Config, port: number): Config {
  if (!config.publicUrlIsListeningAddress) return config;
  return Object.freeze({ ...config, publicUrl: listeningAddress(config.host, port) });
}

// Outside production the site is reached where it listens; "every interface" is reached on loopback.
function listeningAddress(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostPart = isIP(reachable) === 6 ? `[${reachable}]` : reachable;
  try {
    return new URL(`http://${hostPart}:${port}`).origin;
  } catch {
    // A HOST that is a name no URL can hold still listens; its absolute URLs fall back to loopback.
    return `http://127.0.0.1:${port}`;
  }
}
