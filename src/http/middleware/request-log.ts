// One log line per request, with a request id that every event of that request carries too (req.log),
// and the same id in the X-Request-Id answer header so a user's report can be found in the log.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { loggableUrl, type Logger } from '../../log.js';

// An id from a proxy in front (nginx's $request_id) is kept when it looks like one, so both logs match.
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

// Without a trusted proxy the header comes from the client itself, who could plant one id on many
// requests (or another user's id) to muddle the log: then every request gets an id of our own.
function requestIdOf(trustIncomingId: boolean) {
  return (req: IncomingMessage, res: ServerResponse): string => {
    const incoming = trustIncomingId ? req.headers['x-request-id'] : undefined;
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
}

export interface RequestLogOptions {
  /** Keep an X-Request-Id from the proxy in front: only when TRUST_PROXY names one. */
  readonly trustIncomingId?: boolean;
}

// Health checks and static files would drown the requests people make.
const quiet = (req: IncomingMessage) => {
  const url = req.url ?? '';
  return url === '/healthz' || url.startsWith('/assets/');
};

export function requestLog(logger: Logger, { trustIncomingId = false }: RequestLogOptions = {}): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestIdOf(trustIncomingId),
    quietReqLogger: true,
    autoLogging: { ignore: quiet },
    // 403 (CSRF, no login) and 429 (rate limits) are what an attack looks like; a 5xx carries its error.
    // A 503 without an error is a refusal by design (too many exports at once), not a failure.
    customLogLevel: (_req, res, error) => {
      if (error || (res.statusCode >= 500 && (res.statusCode !== 503 || res.err !== undefined))) return 'error';
      return res.statusCode === 403 || res.statusCode === 429 || res.statusCode === 503 ? 'warn' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${loggableUrl((req as Request).originalUrl ?? req.url ?? '')} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${loggableUrl((req as Request).originalUrl ?? req.url ?? '')} ${res.statusCode} failed`,
    // Only these fields of a request: no headers (cookies, tokens, referrers with status links), no body.
    // Read from the request itself: pino-http's usual wrapper would first copy every header and the
    // rest into an object of its own, for every request, only for this to pick four fields of it.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & Partial<Pick<Request, 'id' | 'originalUrl' | 'ip'>>) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.originalUrl ?? req.url ?? ''),
        ip: req.ip,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
