// One log line per request, with a request id that every event of that request carries too (req.log),
// and the same id in the X-Request-Id answer header so a user's report can be found in the log.
//
// Written on pino directly rather than through pino-http, which made two child loggers for every
// request (one bound to the id, one to the request, each serialized and run through the redaction
// rules) although most requests log no event: a fifth of the CPU time of an API answer and a third
// of its garbage (docs/performance.md). Here the line is one pino call when the answer ends, and the
// child logger for events is made only when a request logs one.
//
// The line of an answer that did not fail is made of chosen fields only (the address already
// cleaned by loggableUrl), none of which the redaction rules of log.ts can match: it is written
// through a child without those rules, whose wildcard paths made a fifth of all the garbage of an API
// answer (a sampling heap profile under load, docs/performance.md). A line that carries an error
// goes through the redacting logger, since an error's fields are not ours to choose.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { loggableUrl, type Logger } from '../../log.js';

declare module 'http' {
  interface IncomingMessage {
    /** This request's id, as logged and sent back in X-Request-Id. */
    id: string;
    /** Where this request's events go: each line carries the request id. */
    log: RequestEventLog;
  }
  interface ServerResponse {
    /** The error this answer failed with (error-handler.ts): written on the request's line. */
    err?: Error;
  }
}

type LogMethod = (object: object, message: string) => void;

/** What a request logs its events through: pino's methods, bound to the request id. */
export interface RequestEventLog {
  readonly info: LogMethod;
  readonly warn: LogMethod;
  readonly error: LogMethod;
}

class RequestEvents implements RequestEventLog {
  private child: Logger | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly id: string,
  ) {}

  info(object: object, message: string): void {
    this.bound().info(object, message);
  }

  warn(object: object, message: string): void {
    this.bound().warn(object, message);
  }

  error(object: object, message: string): void {
    this.bound().error(object, message);
  }

  private bound(): Logger {
    return (this.child ??= this.logger.child({ reqId: this.id }));
  }
}

// An id from a proxy in front (nginx's $request_id) is kept when it looks like one, so both logs match.
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

// Without a trusted proxy the header comes from the client itself, who could plant one id on many
// requests (or another user's id) to muddle the log: then every request gets an id of our own.
function requestIdOf(req: IncomingMessage, trustIncomingId: boolean): string {
  const incoming = trustIncomingId ? req.headers['x-request-id'] : undefined;
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

export interface RequestLogOptions {
  /** Keep an X-Request-Id from the proxy in front: only when TRUST_PROXY names one. */
  readonly trustIncomingId?: boolean;
}

// Health checks and static files would drown the requests people make.
const quiet = (url: string) => url === '/healthz' || url.startsWith('/assets/');

// 403 (CSRF, no login) and 429 (rate limits) are what an attack looks like; a 5xx carries its error.
// A 503 without an error is a refusal by design (too many exports at once), not a failure.
function levelOf(res: ServerResponse, error: Error | undefined): 'info' | 'warn' | 'error' {
  if (error || (res.statusCode >= 500 && (res.statusCode !== 503 || res.err !== undefined))) return 'error';
  return res.statusCode === 403 || res.statusCode === 429 || res.statusCode === 503 ? 'warn' : 'info';
}

export function requestLog(logger: Logger, { trustIncomingId = false }: RequestLogOptions = {}): RequestHandler {
  const chosenFieldsOnly = logger.child({}, { redact: { paths: [] } });
  return (req, res, next) => {
    const id = requestIdOf(req, trustIncomingId);
    res.setHeader('X-Request-Id', id);
    req.id = id;
    req.log = new RequestEvents(logger, id);
    if (!quiet(req.url)) logWhenDone({ redacting: logger, chosenFieldsOnly }, req, res, id);
    next();
  };
}

// The line is written once, when the answer is sent, or when the connection closed before that, or
// failed. Only these fields of a request: no headers (cookies, tokens, referrers with status links), no body.
function logWhenDone(loggers: { readonly redacting: Logger; readonly chosenFieldsOnly: Logger }, req: Request, res: Response, id: string): void {
  const start = Date.now();
  const done = (error?: Error) => {
    res.off('finish', done);
    res.off('close', done);
    res.off('error', done);
    const failure = error ?? res.err ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
    const url = loggableUrl(req.originalUrl);
    const line = {
      reqId: id,
      req: { id, method: req.method, url, ip: req.ip },
      res: { statusCode: res.statusCode },
      responseTime: Date.now() - start,
      ...(failure ? { err: failure } : {}),
    };
    const logger = failure ? loggers.redacting : loggers.chosenFieldsOnly;
    logger[levelOf(res, error)](line, `${req.method} ${url} ${res.statusCode}${failure ? ' failed' : ''}`);
  };
  res.on('finish', done);
  res.on('close', done);
  res.on('error', done);
}
