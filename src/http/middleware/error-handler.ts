// The end of the stack: a 404 for what no route took, then one handler that turns any error into a
// Dutch page or a JSON error for the API. Stack traces never reach a user.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { isStorageUnavailable } from '../../store/sqlite-errors.js';
import { HttpError, NotFound, BadRequest } from '../errors.js';

const isApi = (req: Request) => req.path.startsWith('/api/');

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFound());

interface ClientError {
  status: number;
  code: string;
  message: string;
  problems: readonly { parameter: string; message: string }[];
}

// Errors Express and its parsers raise for a bad request carry a 4xx status of their own.
function clientErrorOf(error: unknown): ClientError | undefined {
  if (error instanceof HttpError) {
    return { status: error.status, code: error.code, message: error.message, problems: error instanceof BadRequest ? error.problems : [] };
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'bad_request', message: 'Het verzoek is ongeldig. Controleer het adres en probeer opnieuw.', problems: [] };
  }
  return undefined;
}

// A full disk, an I/O error, a lock held past the busy timeout: nothing was stored, and the user must
// know that rather than see a confirmation. Trying again in a few minutes may well work.
const STORAGE_UNAVAILABLE: ClientError & { retryAfterSeconds: number } = {
  status: 503,
  code: 'storage_unavailable',
  message:
    'Praktijkbank kan uw gegevens nu niet opslaan. Er is niets bewaard. Probeer het over enkele minuten opnieuw; wat u invulde staat nog in het formulier als u teruggaat.',
  problems: [],
  retryAfterSeconds: 120,
};

export function errorHandler(): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const client = clientErrorOf(error);
    const storage = client ? undefined : isStorageUnavailable(error) ? STORAGE_UNAVAILABLE : undefined;
    const status = client?.status ?? storage?.status ?? 500;
    if (!client) {
      // The request log (request-log.ts) writes this error, with its cause, on the request's one line.
      // A storage error keeps its SQLite code (SQLITE_FULL, SQLITE_IOERR...) on the logged error.
      res.err = error instanceof Error ? error : new Error(String(error));
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (storage) {
      res.set('Retry-After', String(storage.retryAfterSeconds));
      // express-session would try to store a changed session again when this page ends, and fail on
      // the same full disk after the answer: nothing more is written for a request that stored nothing.
      delete (req as { session?: unknown }).session;
    }
    const message = client?.message ?? storage?.message ?? 'Er ging iets mis aan onze kant. Probeer het later opnieuw.';
    if (isApi(req)) {
      const details = client?.problems.length ? { details: client.problems } : {};
      res.status(status).json({ error: { code: client?.code ?? storage?.code ?? 'internal_error', message, ...details } });
      return;
    }
    const view = status === 404 ? 'errors/not-found' : 'errors/error';
    const pageTitle = status === 404 ? 'Pagina niet gevonden' : storage ? 'Niet bewaard' : status === 503 ? 'Even geduld' : 'Er ging iets mis';
    const heading = storage ? 'Uw gegevens zijn niet bewaard' : undefined;
    res.status(status).render(view, { pageTitle, heading, status, message }, (renderError: Error | null, html?: string) => {
      if (renderError) {
        // The error page itself failed: say so in the log and still answer the user in Dutch.
        req.log.error({ err: renderError }, 'rendering the error page failed');
        res.type('text/plain; charset=utf-8').send(message);
        return;
      }
      res.send(html);
    });
  };
}
