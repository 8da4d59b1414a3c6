import { expect } from 'chai';
import { isAbsolute, join } from 'node:path';

import { ConfigError, OPERATOR_PLACEHOLDER, PROJECT_ROOT, loadConfig, withListeningPort } from '../../src/config.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';

/** Loads the configuration and returns the ConfigError it throws. */
function configError(environment: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(environment)} to be refused`);
}

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    const config = loadConfig({});

    it('listens on port 3000 on the loopback address only', () => {
      expect(config.port).to.equal(3000);
      expect(config.host).to.equal('127.0.0.1');
    });

    it('keeps the database in db/ of the project', () => {
      expect(config.databasePath).to.equal(join(PROJECT_ROOT, 'db', 'praktijkbank.sqlite'));
      expect(isAbsolute(config.databasePath)).to.equal(true);
    });

    it('runs in development and seeds a new database', () => {
      expect(config.env).to.equal('development');
      expect(config.seedCatalogue).to.equal(true);
    });

    it('points at the project migrations, seeds and views', () => {
      expect(config.migrationsDir).to.equal(join(PROJECT_ROOT, 'db', 'migrations'));
      expect(config.seedsDir).to.equal(join(PROJECT_ROOT, 'seeds'));
      expect(config.viewsDir).to.equal(join(PROJECT_ROOT, 'views'));
      expect(config.assetsDir).to.equal(join(PROJECT_ROOT, 'views', 'assets'));
    });

    it('cannot be changed afterwards', () => {
      expect(Object.isFrozen(config)).to.equal(true);
    });
  });

  it('treats empty and undefined variables as not set', () => {
    const config = loadConfig({ PORT: '', HOST: undefined, DATABASE_PATH: '' });
    expect(config.port).to.equal(3000);
    expect(config.host).to.equal('127.0.0.1');
    expect(config.databasePath).to.equal(join(PROJECT_ROOT, 'db', 'praktijkbank.sqlite'));
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_PATH: '/var/lib/praktijkbank/data.sqlite',
      SEED_CATALOGUE: 'false',
      SESSION_SECRET: 'een-geheim-van-minstens-32-tekens-lang',
      SESSION_IDLE_MINUTES: '20',
      SESSION_MAX_HOURS: '4',
      TRUST_PROXY: '1',
      PUBLIC_URL: 'https://praktijkbank.example.be/',
      OPERATOR_NAME: 'Welzijnsvereniging Testland vzw',
      OPERATOR_ADDRESS: 'Proefstraat 12, 9999 Testland',
      OPERATOR_EMAIL: 'beheer@testland.example',
    });
    expect(config).to.deep.include({
      env: 'production',
      port: 8080,
      host: '0.0.0.0',
      databasePath: '/var/lib/praktijkbank/data.sqlite',
      seedCatalogue: false,
      sessionSecret: 'een-geheim-van-minstens-32-tekens-lang',
      sessionIdleTimeoutMs: 20 * 60_000,
      sessionAbsoluteTimeoutMs: 4 * 60 * 60_000,
      trustProxy: 1,
      publicUrl: 'https://praktijkbank.example.be',
      operator: { name: 'Welzijnsvereniging Testland vzw', address: 'Proefstraat 12, 9999 Testland', email: 'beheer@testland.example', named: true },
    });
  });

  describe('the operator (OPERATOR_NAME, OPERATOR_ADDRESS, OPERATOR_EMAIL)', () => {
    const PRODUCTION = { NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example.be', SESSION_SECRET: 'a'.repeat(32) };

    it('is required in production: the message names each missing setting in Dutch, and only those', () => {
      const { message } = configError(PRODUCTION);
      expect(message).to.equal(
        'Ongeldige configuratie: ' +
          'OPERATOR_NAME: verplicht als NODE_ENV=production, de naam van de organisatie die deze site beheert (bv. Vereniging van Vlaamse Steden en Gemeenten); ' +
          'OPERATOR_ADDRESS: verplicht als NODE_ENV=production, het postadres van die organisatie op één regel (bv. Voorbeeldstraat 1, 1000 Brussel); ' +
          'OPERATOR_EMAIL: verplicht als NODE_ENV=production, het e-mailadres waarop die organisatie vragen beantwoordt (bv. praktijkbank@example.be)',
      );
      for (const [name] of Object.entries(OPERATOR_ENVIRONMENT)) {
        const others = Object.fromEntries(Object.entries(OPERATOR_ENVIRONMENT).filter(([other]) => other !== name));
        const alone = configError({ ...PRODUCTION, ...others, [name]: '   ' }).message;
        expect(alone, name).to.match(new RegExp(`^Ongeldige configuratie: ${name}: `));
        expect(alone.match(/OPERATOR_/g), name).to.have.length(1);
      }
    });

    it('is taken as given in production, trimmed, and counts as named', () => {
      const config = loadConfig({ ...PRODUCTION, OPERATOR_NAME: '  Welzijnsvereniging Testland vzw ', OPERATOR_ADDRESS: 'Proefstraat 12, 9999 Testland', OPERATOR_EMAIL: ' beheer@testland.example ' });
      expect(config.operator).to.deep.equal({ name: 'Welzijnsvereniging Testland vzw', address: 'Proefstraat 12, 9999 Testland', email: 'beheer@testland.example', named: true });
      expect(Object.isFrozen(config.operator)).to.equal(true);
    });

    it('defaults in development and test to clearly fake values, and says it is not named', () => {
      for (const NODE_ENV of ['development', 'test']) {
        const { operator } = loadConfig({ NODE_ENV });
        expect(operator).to.deep.equal({ ...OPERATOR_PLACEHOLDER, named: false });
        expect(operator.email).to.match(/\.invalid$/);
        expect(operator.name).to.contain('testinstallatie');
      }
    });

    it('counts as named outside production only when all three are given', () => {
      expect(loadConfig(OPERATOR_ENVIRONMENT).operator.named).to.equal(true);
      const partly = loadConfig({ OPERATOR_NAME: 'Welzijnsvereniging Testland vzw' }).operator;
      expect(partly).to.deep.include({ name: 'Welzijnsvereniging Testland vzw', email: OPERATOR_PLACEHOLDER.email, named: false });
    });

    for (const bad of ['geen-adres', 'beheer@', '@testland.example', 'beheer@testland', 'be heer@testland.example', 'beheer@testland.example\r\nBcc: x@y.be', `${'a'.repeat(250)}@testland.example`]) {
      it(`refuses OPERATOR_EMAIL=${JSON.stringify(bad).slice(0, 40)} with a Dutch message`, () => {
        expect(configError({ OPERATOR_EMAIL: bad }).message).to.match(/^Ongeldige configuratie: OPERATOR_EMAIL: (gebruik een geldig e-mailadres|hoogstens 254 tekens)/);
      });
    }

    it('refuses a name or address with a line break, a control character or a bidirectional override: it becomes a mail header', () => {
      for (const name of ['OPERATOR_NAME', 'OPERATOR_ADDRESS']) {
        for (const bad of ['Testland\r\nBcc: x@y.be', 'Testland\nvzw', 'Test\u0000land', 'Test\u007Fland', 'Test\u202Eland', 'Test\u2028land']) {
          expect(configError({ [name]: bad }).message, `${name}=${JSON.stringify(bad)}`).to.equal(`Ongeldige configuratie: ${name}: mag geen regeleinden of andere stuurtekens bevatten`);
        }
      }
    });

    it('refuses a name over 120 and an address over 200 characters', () => {
      expect(configError({ OPERATOR_NAME: 'n'.repeat(121) }).message).to.equal('Ongeldige configuratie: OPERATOR_NAME: hoogstens 120 tekens');
      expect(loadConfig({ OPERATOR_NAME: 'n'.repeat(120) }).operator.name).to.have.length(120);
      expect(configError({ OPERATOR_ADDRESS: 'a'.repeat(201) }).message).to.equal('Ongeldige configuratie: OPERATOR_ADDRESS: hoogstens 200 tekens');
    });
  });

  describe('PUBLIC_URL', () => {
    it('is required in production, named together with any other missing secret', () => {
      const { message } = configError({ NODE_ENV: 'production' });
      expect(message).to.match(/^Ongeldige configuratie: PUBLIC_URL: verplicht als NODE_ENV=production.*; SESSION_SECRET: verplicht/);
    });

    it('defaults outside production to the address the app listens on, loopback for every interface', () => {
      expect(loadConfig({}).publicUrl).to.equal('http://127.0.0.1:3000');
      expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).to.equal('http://127.0.0.1:8080');
      expect(loadConfig({ HOST: '::' }).publicUrl).to.equal('http://[::1]:3000');
    });

    it('takes the port the server got when PORT=0, but never overrides a PUBLIC_URL that was given', () => {
      expect(withListeningPort(loadConfig({ PORT: '0' }), 41234).publicUrl).to.equal('http://127.0.0.1:41234');
      expect(withListeningPort(loadConfig({ PORT: '0', PUBLIC_URL: 'https://praktijkbank.example.be' }), 41234).publicUrl).to.equal('https://praktijkbank.example.be');
    });

    it('is kept as an origin: scheme, host and port, in lower case, without a trailing slash', () => {
      expect(loadConfig({ PUBLIC_URL: 'https://Praktijkbank.Example.be:8443' }).publicUrl).to.equal('https://praktijkbank.example.be:8443');
      expect(loadConfig({ PUBLIC_URL: 'https://praktijkbank.example.be:443/' }).publicUrl).to.equal('https://praktijkbank.example.be');
    });

    for (const bad of ['praktijkbank.example.be', 'ftp://praktijkbank.example.be', 'https://praktijkbank.example.be/kennisbank', 'https://a:b@praktijkbank.example.be', 'https://praktijkbank.example.be/?x=1', 'https://praktijkbank.example.be/#top', 'https://']) {
      it(`refuses PUBLIC_URL=${bad} with a Dutch message`, () => {
        expect(configError({ PUBLIC_URL: bad }).message).to.match(/^Ongeldige configuratie: PUBLIC_URL: gebruik het publieke adres van de site/);
      });
    }
  });

  it('accepts port 0, to let the system choose a free port in tests', () => {
    expect(loadConfig({ PORT: '0' }).port).to.equal(0);
  });

  for (const [value, expected] of [
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ] as const) {
    it(`reads SEED_CATALOGUE=${value} as ${expected}`, () => {
      expect(loadConfig({ SEED_CATALOGUE: value }).seedCatalogue).to.equal(expected);
    });
  }

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' }).port).to.equal(3000);
  });

  describe('with a bad value', () => {
    for (const port of ['abc', '70000', '65536', '-1', '3.5', 'poort', '0x50', '1e3', ' 80']) {
      it(`refuses PORT=${port} with a ConfigError that says so in Dutch`, () => {
        const error = configError({ PORT: port });
        expect(error).to.be.instanceOf(Error);
        expect(error.message).to.equal('Ongeldige configuratie: PORT: moet een poortnummer van 0 tot 65535 zijn');
      });
    }

    it('accepts the highest port, 65535', () => {
      expect(loadConfig({ PORT: '65535' }).port).to.equal(65535);
    });

    it('refuses a SEED_CATALOGUE that is not a yes or no, in Dutch', () => {
      expect(configError({ SEED_CATALOGUE: 'misschien' }).message).to.equal('Ongeldige configuratie: SEED_CATALOGUE: gebruik true of false');
    });

    it('refuses an unknown NODE_ENV, naming the variable', () => {
      expect(configError({ NODE_ENV: 'staging' }).message).to.equal('Ongeldige configuratie: NODE_ENV: gebruik development, production of test');
    });

    it('names every bad variable in one message', () => {
      const { message } = configError({ PORT: 'abc', SEED_CATALOGUE: 'misschien' });
      expect(message).to.include('PORT:').and.include('SEED_CATALOGUE:');
    });
  });
});
