// The session, proxy and secret settings of loadConfig (the rest is in config.test.ts).
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';

const SECRET = 'a'.repeat(32);

function configError(environment: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(environment)} to be refused`);
}

describe('loadConfig: sessions and proxies', () => {
  it('refuses to start in production without SESSION_SECRET, saying how to make one', () => {
    const { message } = configError({ NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example.be' });
    expect(message).to.match(/^Ongeldige configuratie: SESSION_SECRET: verplicht als NODE_ENV=production/);
    expect(message).to.contain('openssl rand -hex 32');
  });

  it('refuses a SESSION_SECRET shorter than 32 characters, in production and elsewhere', () => {
    for (const NODE_ENV of ['production', 'development']) {
      expect(configError({ NODE_ENV, SESSION_SECRET: 'kort' }).message).to.contain('SESSION_SECRET: moet minstens 32 tekens lang zijn');
    }
  });

  it('takes SESSION_SECRET as given', () => {
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://praktijkbank.example.be', SESSION_SECRET: SECRET, ...OPERATOR_ENVIRONMENT }).sessionSecret).to.equal(SECRET);
  });

  it('makes up a random secret per start outside production', () => {
    const a = loadConfig({}).sessionSecret;
    const b = loadConfig({}).sessionSecret;
    expect(a).to.have.length.greaterThanOrEqual(32);
    expect(a).not.to.equal(b);
  });

  it('ends sessions after 30 idle minutes and 8 hours from login by default', () => {
    const config = loadConfig({});
    expect(config.sessionIdleTimeoutMs).to.equal(30 * 60_000);
    expect(config.sessionAbsoluteTimeoutMs).to.equal(8 * 60 * 60_000);
  });

  it('refuses session lengths that are not a whole positive number', () => {
    expect(configError({ SESSION_IDLE_MINUTES: '0' }).message).to.contain('SESSION_IDLE_MINUTES: gebruik een aantal minuten');
    expect(configError({ SESSION_MAX_HOURS: 'acht' }).message).to.contain('SESSION_MAX_HOURS: gebruik een aantal uren');
  });

  describe('TRUST_PROXY', () => {
    it('is off by default', () => {
      expect(loadConfig({}).trustProxy).to.equal(false);
      expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).to.equal(false);
    });

    it('takes a number of proxies, or their addresses and networks', () => {
      expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1);
      expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).to.deep.equal(['loopback', '10.0.0.0/8', '::1']);
    });

    for (const value of ['true', 'overal', '10.0.0.0/33', '300.1.1.1', '*']) {
      it(`refuses TRUST_PROXY=${value}`, () => {
        expect(configError({ TRUST_PROXY: value }).message).to.contain("TRUST_PROXY: gebruik false, het aantal proxy's");
      });
    }
  });
});
