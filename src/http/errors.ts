// Typed errors that one middleware maps to a status and a page (or a JSON error for the API).
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFound extends HttpError {
  constructor(message = 'Deze pagina bestaat niet (meer).') {
    super(404, 'not_found', message);
  }
}

export class BadRequest extends HttpError {
  constructor(message: string, readonly problems: readonly { parameter: string; message: string }[] = []) {
    super(400, 'bad_request', message);
  }
}
