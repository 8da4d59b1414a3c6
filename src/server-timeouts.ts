// How long the server waits for a client. Node's defaults let a client take five minutes over one
// request and check that only every 30 s; these keep slow-loris clients from tying up sockets while
// leaving room for a large export to stream to a slow reader (an answer has no time limit of its own,
// only a socket on which nothing moves at all).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ServerTimeouts {
  /** The whole request head (request line and headers) must arrive within this. */
  readonly headersTimeoutMs: number;
  /** The whole request, head and body (a submission of at most a few hundred KB), within this. */
  readonly requestTimeoutMs: number;
  /** How often the server looks for requests past those limits. */
  readonly checkingIntervalMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** A socket on which nothing at all moves for this long is closed (also a stalled download). */
  readonly socketIdleTimeoutMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  checkingIntervalMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  socketIdleTimeoutMs: 120_000,
});

/** The classes the server makes requests and responses with (http/express-instances.ts); Node's own by default. */
export interface ServerClasses {
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
}

/** An HTTP server with these limits; the app is attached to it as its 'request' listener. */
export function createHttpServer(timeouts: ServerTimeouts = SERVER_TIMEOUTS, classes?: ServerClasses): Server {
  const server = createServer({
    ...(classes ? { IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse } : {}),
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    connectionsCheckingInterval: timeouts.checkingIntervalMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
  });
  server.setTimeout(timeouts.socketIdleTimeoutMs);
  return server;
}
