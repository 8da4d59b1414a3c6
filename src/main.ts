// The entry point of the server: reads the environment (through configOrExit) and listens.
import { createApp } from './app.js';
import { configOrExit } from './cli/entry.js';
import { createLogger } from './log.js';
import { openServices } from './services.js';
import { DatabaseOpenError } from './store/database.js';

function start(): void {
  const config = configOrExit();
  if (!config) return;
  const logger = createLogger({ level: config.logLevel });
  let services;
  try {
    services = openServices(config, logger);
  } catch (error) {
    // A damaged or unreachable database: the operator needs the message, not a stack trace.
    if (error instanceof DatabaseOpenError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (!config.moderatorSecondFactor) {
    // Said at every start, so an installation running without it cannot go unnoticed.
    logger.warn({ event: 'second_factor_off', env: config.env }, 'MODERATOR_2FA=off: moderators log in WITHOUT a second factor');
  }
  const app = createApp({
    config,
    catalogue: services.catalogue,
    stores: services,
    moderators: services.moderators,
    sessionStore: services.sessionStore,
    databaseHealth: services.databaseHealth,
    logger,
  });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { event: 'started', env: config.env, url: `http://${config.host}:${port}`, practices: services.catalogue.size, database: config.databasePath, node: process.version },
      `Praktijkbank luistert op http://${config.host}:${port}`,
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
      services.close();
      process.exit(0);
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
