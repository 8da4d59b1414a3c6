// The real application on a real SQLite file in a temporary folder, seeded with the real seed
// catalogue, as a user would meet it after the first start.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type express from 'express';
import { createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { openServices, type Services } from '../../src/services.js';

export interface TestApp {
  readonly app: express.Express;
  readonly services: Services;
  readonly config: Config;
  /** Errors the app logged as server errors; a test that expects none can assert it stays empty. */
  readonly serverErrors: unknown[];
  close(): void;
}

export function startTestApp(environment: Record<string, string> = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'praktijkbank-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'praktijkbank.sqlite'), ...environment });
  const services = openServices(config);
  const serverErrors: unknown[] = [];
  const app = createApp({ config, catalogue: services.catalogue, log: (_message, error) => serverErrors.push(error) });
  return {
    app,
    services,
    config,
    serverErrors,
    close() {
      services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Listens on a free port of the loopback interface, for a browser. */
export async function listen(app: express.Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
