// Copies of exports on disk, so twenty people downloading the same search cost one build, not twenty.
// A copy is made once per (format, search, catalogue version), written to a temporary file and renamed
// into place when complete, then streamed from the file to every request for it. Requests for a copy
// that is being made wait for that one build. At most `maxBuilds` copies are made at once and at most
// `maxDownloads` answers stream at once; beyond that the caller gets ExportBusy (a 503 with Retry-After).
// The folder is bounded (copies and bytes, least recently used out) and copies of an older catalogue
// version are deleted as soon as a newer version is asked for.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, unlinkSync, type ReadStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Logger } from '../log.js';

export interface ExportCacheLimits {
  /** Copies being made at once: the CPU-heavy part. */
  readonly maxBuilds: number;
  /** Answers streaming a copy at once (each holds an open file and a socket). */
  readonly maxDownloads: number;
  /** Copies kept in the folder. */
  readonly maxCopies: number;
  /** Bytes kept in the folder (a copy being downloaded is deleted once its downloads end). */
  readonly maxBytes: number;
}

export const DEFAULT_EXPORT_LIMITS: ExportCacheLimits = Object.freeze({
  maxBuilds: 2,
  maxDownloads: 16,
  maxCopies: 100,
  maxBytes: 512 * 2 ** 20,
});

export interface ExportCacheOptions extends Partial<ExportCacheLimits> {
  /** The folder of the copies; only files this cache names are ever read or deleted there. */
  readonly dir: string;
  readonly logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /**
   * Awaited once a copy is completely written to its temporary file, before it is renamed into place.
   * Tests hold a build there to see what other requests get meanwhile.
   */
  readonly beforeCommit?: (copy: { readonly id: string; readonly temporaryFile: string }) => Promise<void>;
}

/** What one copy is of: the same three give the same bytes. */
export interface ExportKey {
  /** The format's name, also the file extension: "csv", "json". */
  readonly format: string;
  /** The catalogue version the copy is made from. */
  readonly version: number;
  /** The search, normalised: every spelling of one search is one string. */
  readonly search: string;
}

/**
 * Writes the whole export into `file`. It is called synchronously by `open` (before anything is
 * awaited), so what it reads of the catalogue belongs to the version the key names. `madeAt` is the
 * moment the copy is made.
 */
export type ExportBuild = (file: Writable, madeAt: Date) => Promise<void>;

export interface ExportDownload {
  /** The size of the copy, for Content-Length. */
  readonly bytes: number;
  readonly madeAt: Date;
  /** The copy, read from disk; call once. The download ends by itself once every byte is read. */
  stream(): ReadStream;
  /** Ends the download (if not ended): frees its slot and lets the copy be evicted. Safe to call twice. */
  close(): void;
}

/** Too many exports at once: ask again after a few seconds. */
export class ExportBusy extends Error {
  constructor(readonly reason: 'builds' | 'downloads') {
    super(reason === 'builds' ? 'every export build slot is taken' : 'every export download slot is taken');
  }
}

interface Copy {
  readonly file: string;
  readonly bytes: number;
  readonly madeAt: Date;
  readonly version: number;
}

// Buffers of a copy being written and of one being sent (times the downloads at once).
const WRITE_BUFFER_BYTES = 2 ** 20;
const READ_BUFFER_BYTES = 256 * 2 ** 10;

// "<version>-<format>-<hash>.<nonce>.<format>", and ".<version>-<format>-<hash>.<nonce>.tmp" while
// being written. The nonce makes every build its own file: deleting an evicted copy can never hit a
// newer copy of the same export.
const COPY_FILE = /^\d+-[a-z0-9]+-[0-9a-f]{32}\.[0-9a-f]{12}\.[a-z0-9]+$/;
const TEMPORARY_FILE = /^\.\d+-[a-z0-9]+-[0-9a-f]{32}\.[0-9a-f]{12}\.tmp$/;

/** The default folder: beside the database (which the service may write), or a temporary one for ':memory:'. */
export function exportCacheDir(databasePath: string): string {
  if (databasePath === ':memory:') return join(tmpdir(), `praktijkbank-exports-${process.pid}`);
  return join(dirname(databasePath), 'cache', 'exports');
}

export class ExportCache {
  private readonly dir: string;
  private readonly limits: ExportCacheLimits;
  private readonly logger: ExportCacheOptions['logger'];
  private readonly beforeCommit: ExportCacheOptions['beforeCommit'];
  // Insertion order is use order: the first entry is the least recently used.
  private readonly copies = new Map<string, Copy>();
  private readonly building = new Map<string, Promise<Copy>>();
  // Requests using a copy (waiting for it or streaming it): such a copy is never deleted under them.
  private readonly pins = new Map<string, number>();
  private downloads = 0;
  private bytes = 0;
  private newestVersion = -1;

  constructor({ dir, logger, beforeCommit, ...limits }: ExportCacheOptions) {
    this.dir = dir;
    this.limits = { ...DEFAULT_EXPORT_LIMITS, ...limits };
    this.logger = logger;
    this.beforeCommit = beforeCommit;
    mkdirSync(dir, { recursive: true });
    // Copies of an earlier run may come from other code or another PUBLIC_URL, and a temporary file
    // from a crash is incomplete: start empty. Only files named as this cache names them are touched.
    for (const name of readdirSync(dir)) {
      if (COPY_FILE.test(name) || TEMPORARY_FILE.test(name)) unlinkSync(join(dir, name));
    }
  }

  /**
   * A download of the copy for `key`, made by `build` when there is none (one build, however many ask).
   * Throws ExportBusy when every download slot is taken, or when a copy must be made and every build
   * slot is taken. Close the download when the answer ends.
   */
  async open(key: ExportKey, build: ExportBuild): Promise<ExportDownload> {
    if (this.downloads >= this.limits.maxDownloads) throw this.busy(key, 'downloads');
    const id = idOf(key);
    if (key.version > this.newestVersion) {
      this.newestVersion = key.version;
      this.evict();
    }
    const ready = this.copies.get(id);
    let pending = ready ? Promise.resolve(ready) : this.building.get(id);
    if (!ready && pending) this.logger?.debug({ event: 'export_waiting', format: key.format, version: key.version }, 'waiting for the export copy being made');
    if (!pending) {
      if (this.building.size >= this.limits.maxBuilds) throw this.busy(key, 'builds');
      pending = this.make(id, key, build);
    }
    this.downloads++;
    this.pin(id);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.downloads--;
      this.unpin(id);
    };
    let copy: Copy;
    try {
      copy = await pending;
    } catch (error) {
      close();
      throw error;
    }
    this.touch(id, copy);
    const { file, bytes, madeAt } = copy;
    const stream = () => {
      const reading = createReadStream(file, { highWaterMark: READ_BUFFER_BYTES });
      // Done once the last byte is read, before it reaches the client: a client that asks again at
      // once finds the slot free. (Reading goes on from the open file even if the copy is deleted.)
      let read = 0;
      reading.on('data', (chunk) => {
        read += chunk.length;
        if (read >= bytes) close();
      });
      return reading;
    };
    return { bytes, madeAt, stream, close };
  }

  private busy(key: ExportKey, reason: 'builds' | 'downloads'): ExportBusy {
    this.logger?.warn({ event: 'export_busy', format: key.format, reason, building: this.building.size, downloads: this.downloads }, `export refused: too many ${reason} at once`);
    return new ExportBusy(reason);
  }

  // Registered in `building` before its first await, so a second request finds it and waits.
  private make(id: string, key: ExportKey, build: ExportBuild): Promise<Copy> {
    const nonce = randomBytes(6).toString('hex');
    const file = join(this.dir, `${id}.${nonce}.${key.format}`);
    const temporaryFile = join(this.dir, `.${id}.${nonce}.tmp`);
    const madeAt = new Date();
    const started = performance.now();
    // A large buffer: each write to disk costs a turn of the event loop (shared with every other
    // request), so 16 KB writes would make a 30 MB copy wait for two thousand turns.
    const out = createWriteStream(temporaryFile, { flags: 'wx', highWaterMark: WRITE_BUFFER_BYTES });
    let written: Promise<void>;
    try {
      written = build(out, madeAt);
    } catch (error) {
      written = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const made = (async (): Promise<Copy> => {
      try {
        await written;
        await this.beforeCommit?.({ id, temporaryFile });
        const { size } = await stat(temporaryFile);
        // Atomic on one file system: a request sees no copy or the whole copy, never a part of one.
        await rename(temporaryFile, file);
        return { file, bytes: size, madeAt, version: key.version };
      } catch (error) {
        // Closed first: a file still being opened would otherwise appear after the unlink.
        out.destroy();
        await finished(out).catch(() => undefined);
        await unlink(temporaryFile).catch(() => undefined);
        throw error;
      }
    })();
    this.building.set(id, made);
    made.then(
      (copy) => {
        this.building.delete(id);
        this.copies.set(id, copy);
        this.bytes += copy.bytes;
        this.logger?.info({ event: 'export_built', format: key.format, version: key.version, bytes: copy.bytes, ms: Math.round(performance.now() - started) }, `export copy made (${key.format})`);
        this.evict();
      },
      () => this.building.delete(id),
    );
    return made;
  }

  private touch(id: string, copy: Copy): void {
    if (this.copies.get(id) !== copy) return;
    this.copies.delete(id);
    this.copies.set(id, copy);
  }

  private pin(id: string): void {
    this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
  }

  private unpin(id: string): void {
    const left = (this.pins.get(id) ?? 1) - 1;
    if (left > 0) this.pins.set(id, left);
    else this.pins.delete(id);
    this.evict();
  }

  /** Deletes copies of older catalogue versions, then the least recently used until within the limits. */
  private evict(): void {
    for (const [id, copy] of this.copies) {
      const over = this.copies.size > this.limits.maxCopies || this.bytes > this.limits.maxBytes;
      const outdated = copy.version < this.newestVersion;
      if (!over && !outdated) continue;
      // A copy someone is reading stays until they are done; unpin evicts again.
      if (this.pins.has(id)) continue;
      this.copies.delete(id);
      this.bytes -= copy.bytes;
      this.logger?.debug({ event: 'export_evicted', version: copy.version, bytes: copy.bytes, outdated }, 'export copy deleted');
      unlink(copy.file).catch((error: unknown) => this.logger?.warn({ event: 'export_evict_failed', err: error }, 'deleting an export copy failed'));
    }
  }
}

function idOf(key: ExportKey): string {
  const hash = createHash('sha256').update(key.search).digest('hex').slice(0, 32);
  return `${key.version}-${key.format}-${hash}`;
}
