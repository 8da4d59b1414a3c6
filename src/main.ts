// The entry point of the server: reads the environment (through configOrExit) and listens.
import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.js';
import { configOrExit } from './cli/entry.js';
import { withListeningPort } from './config.js';
import { expressInstances } from './http/express-instances.js';
import { createLogger } from './log.js';
import { createHttpServer } from './server-timeouts.js';
import { appDependenciesOf, openServices } from './services.js';
import { DatabaseOpenError } from './store/database.js';

// By its own measure V8 lets the old generation grow to up to four times what is live before it collects
// again, so the memory a busy server keeps afterwards depended on when its last full collection happened
// (441–543 MB at 10,000 practices, of which about 120 MB live). A fixed growth of 20 % keeps the heap
// near what is live, for one more full collection (about 10 ms) every few seconds under load
// (docs/performance.md, "Where the time and the memory go"). Set in start(), so every way of starting
// the app has it.
const HEAP_GROWING_PERCENT = 20;

function start(): void {
  const startupConfig = configOrExit();
  if (!startupConfig) return;
  const logger = createLogger({ level: startupConfig.logLevel });
  let services;
  try {
    services = openServices(startupConfig, logger);
  } catch (error) {
    // A damaged, read-only or unreachable database: the operator needs the message, not a stack trace.
    if (error instanceof DatabaseOpenError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (!startupConfig.moderatorSecondFactor) {
    // Said at every start, so an installation running without it cannot go unnoticed.
    logger.warn({ event: 'second_factor_off', env: startupConfig.env }, 'MODERATOR_2FA=off: moderators log in WITHOUT a second factor');
  }
  // The server listens before the app is made: without PUBLIC_URL the site's address is where it
  // listens, and with PORT=0 only the listening server knows the port.
  // Requests are made with the app's prototypes once it exists (http/express-instances.ts).
  const instances = expressInstances();
  const server = createHttpServer(undefined, instances);
  server.listen(startupConfig.port, startupConfig.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : startupConfig.port;
    const config = withListeningPort(startupConfig, port);
    const app = createApp({ config, ...appDependenciesOf(services), logger });
    instances?.adopt(app);
    server.on('request', app);
    // Only now: while the catalogue loads the heap grows from nothing to what is live, and that growth
    // needs no extra full collections; what is to stay small is the heap under load afterwards.
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    logger.info(
      { event: 'started', env: config.env, url: `http://${config.host}:${port}`, publicUrl: config.publicUrl, practices: services.catalogue.size, database: config.databasePath, node: process.version },
      `Praktijkbank luistert op http://${config.host}:${port} (publiek adres ${config.publicUrl})`,
    );
  });
  server.on('error', (error) => {
    logger.fatal({ event: 'start_failed', err: error }, `Praktijkbank kon niet starten: ${error.message}`);
    services.close();
    process.exit(1);
  });

  const shutdown = (signal: string) => {
    logger.info({ event: 'stopping', signal }, `${signal} ontvangen: Praktijkbank stopt.`);
    server.close(() => {
      // The message being sent is finished and marked first, so a graceful stop never sends one twice.
      void services.mailWorker.stop().finally(() => {
        services.close();
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    // Connections that stay busy get ten seconds before we stop anyway.
    setTimeout(() => {
      services.close();
      process.exit(1);
    }, 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

start();
