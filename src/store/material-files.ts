// The material files on disk, under MATERIALS_DIR, each named by the SHA-256 of its content
// (`ab/ab12….bin`): the same file uploaded twice is kept once, and a name never comes from a user.
// An upload is written to tmp/ in the same folder, fsynced, and renamed into place only when accepted,
// so a file under its hash is always complete; its row in material_files is written after the rename.
import { createHash, randomUUID } from 'node:crypto';
import { accessSync, closeSync, constants, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import type { MaterialFileStore, ReceivedUpload } from '../domain/materials.js';

const HASH = /^[0-9a-f]{64}$/;
const STORED_NAME = /^([0-9a-f]{64})\.bin$/;
const TEMPORARY = 'tmp';

export class MaterialFilesUnavailable extends Error {}

export class MaterialFiles implements MaterialFileStore {
  constructor(readonly dir: string) {
    try {
      mkdirSync(join(dir, TEMPORARY), { recursive: true });
      accessSync(join(dir, TEMPORARY), constants.W_OK);
    } catch (error) {
      throw new MaterialFilesUnavailable(`De map voor materiaal (MATERIALS_DIR) ${dir} kan niet aangemaakt of beschreven worden: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Where a temp file for a new upload goes; the caller removes it if it is not committed. */
  temporaryPath(): string {
    return join(this.dir, TEMPORARY, `${randomUUID()}.upload`);
  }

  /** Writes an upload to `temporaryPath`, hashing and counting as it goes; past `limit` bytes nothing more is written. */
  async receive(stream: Readable, temporaryPath: string, limit: number, sniffBytes: number): Promise<ReceivedUpload> {
    const hash = createHash('sha256');
    let bytes = 0;
    let tooBig = false;
    const head: Buffer[] = [];
    let headLength = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (tooBig || bytes > limit) {
          tooBig = true;
          done();
          return;
        }
        hash.update(chunk);
        if (headLength < sniffBytes) {
          head.push(chunk.subarray(0, sniffBytes - headLength));
          headLength += Math.min(chunk.length, sniffBytes - headLength);
        }
        done(null, chunk);
      },
    });
    // flush: the bytes are on disk before the file can be renamed under its hash.
    try {
      await pipeline(stream, counter, createWriteStream(temporaryPath, { flags: 'wx', flush: true }));
    } catch (error) {
      // A body cut off halfway: nothing of it stays.
      rmSync(temporaryPath, { force: true });
      throw error;
    }
    if (tooBig) rmSync(temporaryPath, { force: true });
    return { temporaryPath, hash: hash.digest('hex'), bytes, tooBig, head: Buffer.concat(head) };
  }

  /** The media type the content says, read from its magic bytes (inside a ZIP for OOXML and ODF). */
  async detectType(path: string): Promise<string | undefined> {
    return (await fileTypeFromFile(path))?.mime;
  }

  /** Puts a received upload under its hash (a copy already there is kept) and makes the rename durable. */
  commit(upload: ReceivedUpload): void {
    const target = this.pathOf(upload.hash);
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target)) rmSync(upload.temporaryPath, { force: true });
    else renameSync(upload.temporaryPath, target);
    syncDirectory(dirname(target));
  }

  pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new Error('not a material hash');
    return join(this.dir, hash.slice(0, 2), `${hash}.bin`);
  }

  exists(hash: string): boolean {
    return HASH.test(hash) && existsSync(this.pathOf(hash));
  }

  list(): { hash: string; modifiedMs: number }[] {
    const found: { hash: string; modifiedMs: number }[] = [];
    for (const folder of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(folder)) continue;
      for (const name of readdirSync(join(this.dir, folder))) {
        const hash = STORED_NAME.exec(name)?.[1];
        if (hash) found.push({ hash, modifiedMs: statSync(join(this.dir, folder, name)).mtimeMs });
      }
    }
    return found;
  }

  remove(hash: string): void {
    rmSync(this.pathOf(hash), { force: true });
  }

  removeTemporary(beforeMs: number): number {
    let removed = 0;
    const folder = join(this.dir, TEMPORARY);
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      try {
        if (statSync(path).mtimeMs < beforeMs) {
          rmSync(path, { force: true });
          removed += 1;
        }
      } catch {
        // Gone in between: an upload that finished.
      }
    }
    return removed;
  }
}

function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
