// The entry point: the only file that reads process.env and listens.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openServices } from './services.js';
import { DatabaseOpenError } from './store/database.js';

function start(): void {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let services;
  try {
    services = openServices(config);
  } catch (error) {
    // A damaged or unreachable database: the operator needs the message, not a stack trace.
    if (error instanceof DatabaseOpenError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = createApp({ config, catalogue: services.catalogue, stores: services, moderators: services.moderators, sessionStore: services.sessionStore });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Praktijkbank luistert op http://${config.host}:${port} (${services.catalogue.size} praktijken, database ${config.databasePath})`);
  });
  server.on('error', (error) => {
    console.error(`Praktijkbank kon niet starten: ${error.message}`);
    services.close();
    process.exit(1);
  });

  const shutdown = (signal: string) => {
    console.log(`${signal} ontvangen: Praktijkbank stopt.`);
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
