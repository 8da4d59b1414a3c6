// Multipart bodies of the practice forms, with a file input `materials` (multer over busboy). Runs
// before the app-wide CSRF check, which reads `_csrf` from the body this parses; so that no file is
// written for a forged request, the token (the form's first field) is checked again at the first file,
// and on /beheer a moderator's session is required too. Files go to temp files under MATERIALS_DIR;
// whatever the answer, the temp files of the request are removed when it ends (accepted ones are renamed
// under their hash by the controller first). Limits match the urlencoded formBody: a multipart body
// cannot carry more fields or text than an urlencoded one may.
import type { Request, RequestHandler } from 'express';
import multer, { MulterError, type StorageEngine } from 'multer';
import { rmSync } from 'node:fs';
import { MAX_MATERIALS, MAX_MATERIAL_BYTES } from '../../domain/material-types.js';
import { type MaterialFileStore, type ReceivedMaterial, SNIFFED_BYTES } from '../../domain/materials.js';
import { HttpError } from '../errors.js';
import { CSRF_MESSAGE } from './csrf.js';

/** The only file input the forms have. */
export const MATERIALS_FIELD = 'materials';

/** The addresses whose forms may carry files. */
const UPLOAD_PATHS = /^\/(indienen|indienen\/status\/[^/]+\/(?:aanpassen|bijwerken)|nakijken\/[^/]+\/bijwerken|beheer\/praktijken\/\d{1,12}\/bewerken)$/;

// As formBody (routes.ts): 200 kB of fields and 2000 of them; a part's name is short.
const FIELD_BYTES = 200 * 1024;
const FIELDS = 2000;
// Files beyond MAX_MATERIALS are read and refused by name; past this many parts the body is refused whole.
const PARTS = FIELDS + 2 * MAX_MATERIALS;
// The whole body: every file at its largest, plus the fields and the parts' headers.
export const MAX_UPLOAD_BODY = (MAX_MATERIALS + 1) * MAX_MATERIAL_BYTES + 2 * 1024 * 1024;

const TOO_LARGE = 'Het formulier is te groot om te verwerken. Voeg hoogstens 10 bestanden van elk hoogstens 10 MB toe, en probeer het opnieuw. Er is niets bewaard.';
const BROKEN = 'Het formulier is niet volledig of niet leesbaar aangekomen. Er is niets bewaard. Ga terug, controleer uw invoer en verstuur het opnieuw.';
const NEEDS_LENGTH = 'Het formulier werd verstuurd zonder lengte. Verstuur het met een browser, of geef de lengte (Content-Length) mee.';

interface UploadState {
  /** The token (and, on /beheer, the session) was checked at the first file. */
  checked: boolean;
  readonly received: ReceivedMaterial[];
  /** Files beyond MAX_MATERIALS in one post: not read, refused by name. */
  readonly beyondLimit: string[];
  readonly temporary: Set<string>;
}

/** What multer 2.5's streamHandler hands over (its types do not know the option yet). */
type Busboy = NodeJS.WritableStream & { on(event: 'field', listener: (name: string, value: string) => void): Busboy; destroy(error: Error): void };

const states = new WeakMap<Request, UploadState>();

/** The files of this request's form, in the order they came, and the names of those beyond the limit. */
export function uploadsOf(req: Request): { received: readonly ReceivedMaterial[]; beyondLimit: readonly string[] } {
  const state = states.get(req);
  return { received: (state?.received ?? []).filter((r) => r !== undefined), beyondLimit: state?.beyondLimit ?? [] };
}

function clientErrorOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof MulterError) {
    const tooMuch = ['LIMIT_PART_COUNT', 'LIMIT_FILE_COUNT', 'LIMIT_FIELD_COUNT', 'LIMIT_FIELD_VALUE', 'LIMIT_FIELD_KEY', 'LIMIT_FILE_SIZE'].includes(error.code);
    return tooMuch ? new HttpError(413, 'too_large', TOO_LARGE) : new HttpError(400, 'bad_request', BROKEN);
  }
  // busboy's own: an unexpected end, a malformed part, no boundary; or the client went away.
  return new HttpError(400, 'bad_request', BROKEN);
}

export interface MaterialUploadOptions {
  readonly files: MaterialFileStore;
  /** Whether the request carries a valid CSRF token (csrf.ts isValid). */
  readonly csrfValid: (req: Request) => boolean;
}

export function materialUpload({ files, csrfValid }: MaterialUploadOptions): RequestHandler {
  const mayWrite = (req: Request) => {
    if (!csrfValid(req)) return false;
    // The moderator guard comes after the body: before it, at least a moderator's session.
    return !req.path.startsWith('/beheer/') || req.session?.moderatorId !== undefined;
  };

  const storage: StorageEngine = {
    _handleFile(req, file, done) {
      const state = states.get(req);
      if (!state) {
        done(new Error('material upload without state'));
        return;
      }
      const temporaryPath = files.temporaryPath();
      state.temporary.add(temporaryPath);
      // Files arrive one after the other but finish writing in any order: each keeps its place in the form.
      const slot = state.temporary.size - 1;
      files.receive(file.stream, temporaryPath, MAX_MATERIAL_BYTES, SNIFFED_BYTES).then(
        (upload) => {
          state.received[slot] = { ...upload, originalName: file.originalname };
          done(null, { path: temporaryPath, size: upload.bytes });
        },
        (error: unknown) => done(error as Error),
      );
    },
    _removeFile(_req, file, done) {
      rmSync(file.path, { force: true });
      done(null);
    },
  };

  const options: multer.Options & { streamHandler: (req: Request, busboy: Busboy) => void } = {
    storage,
    // Browsers send a file's name as UTF-8 bytes; busboy would read them as latin1.
    defParamCharset: 'utf8',
    limits: { fieldSize: FIELD_BYTES, fields: FIELDS, fieldNameSize: 100, parts: PARTS, files: PARTS },
    fileFilter(req, file, accept) {
      const state = states.get(req);
      if (!state) return accept(null, false);
      if (!state.checked) {
        if (!mayWrite(req)) return accept(new HttpError(403, 'forbidden', CSRF_MESSAGE));
        state.checked = true;
      }
      if (file.fieldname !== MATERIALS_FIELD) return accept(null, false);
      if (state.temporary.size >= MAX_MATERIALS) {
        state.beyondLimit.push(file.originalname);
        return accept(null, false);
      }
      accept(null, true);
    },
    // Fields count against one budget, as an urlencoded body's bytes do.
    streamHandler(req, busboy) {
      let fieldBytes = 0;
      // A part whose header busboy cannot read comes without a name: count what there is, and never
      // throw here, where an error escapes Express and would end the process.
      busboy.on('field', (name: string | undefined, value: string | undefined) => {
        fieldBytes += Buffer.byteLength(name ?? '') + Buffer.byteLength(value ?? '');
        if (fieldBytes > FIELD_BYTES) busboy.destroy(new HttpError(413, 'too_large', TOO_LARGE));
      });
      req.pipe(busboy);
    },
  };
  const parse = multer(options).any();

  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data') || !UPLOAD_PATHS.test(req.path)) {
      next();
      return;
    }
    const length = req.get('content-length');
    if (length === undefined) {
      next(new HttpError(411, 'length_required', NEEDS_LENGTH));
      return;
    }
    if (!/^\d{1,12}$/.test(length) || Number(length) > MAX_UPLOAD_BODY) {
      // Not read: the connection closes after the answer rather than take 100 MB in vain.
      res.set('Connection', 'close');
      next(new HttpError(413, 'too_large', TOO_LARGE));
      return;
    }
    const state: UploadState = { checked: false, received: [], beyondLimit: [], temporary: new Set() };
    states.set(req, state);
    // Accepted uploads were renamed by then; what is left of the request's temp files goes.
    res.on('close', () => {
      for (const path of state.temporary) rmSync(path, { force: true });
    });
    parse(req, res, (error?: unknown) => {
      if (error) {
        next(clientErrorOf(error));
        return;
      }
      // multer fills an object without a prototype; the forms read it like an urlencoded body.
      req.body = { ...(req.body as Record<string, unknown>) };
      next();
    });
  };
}
