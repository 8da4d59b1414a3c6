// Serves a practice's material files: publicly only while the practice is published, through the
// status link to its submitter, and to moderators; the last two also serve the files of a proposed
// update that waits for a moderator, which are never public until it is approved. Always as a download of the type decided from its
// content when it was stored, never sniffed, in a sandbox should a browser render it anyway; an
// image on the practice page is shown by <img>, which Content-Disposition does not affect.
import type { NextFunction, Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import type { MaterialFileStore } from '../../domain/materials.js';
import type { Practice, PracticeMaterial } from '../../domain/practice.js';
import type { PracticeStore } from '../../domain/practice-store.js';
import type { PracticeUpdateStore } from '../../domain/practice-updates.js';
import { type SubmissionStores, findSubmission } from '../../domain/submission.js';
import { NotFound } from '../errors.js';

export interface MaterialServingDependencies {
  readonly catalogue: Catalogue;
  readonly practices: PracticeStore;
  /** For the status link; without it (the moderators' routes) there is none. */
  readonly submissions?: SubmissionStores;
  readonly materialFiles: MaterialFileStore;
  /** For the files of a pending proposed update (practice-updates.ts). */
  readonly practiceUpdates: Pick<PracticeUpdateStore, 'findPending'>;
}

// Content never changes under its address (the hash), but the practice may be taken offline: a shared
// cache keeps a public file an hour at most.
const PUBLIC_CACHE = 'public, max-age=3600';
const PRIVATE_CACHE = 'private, no-store';
const NOT_FOUND = 'Dit bestand bestaat niet of is niet (meer) beschikbaar.';

/** `filename*` (RFC 8187) for every browser of this century, an ASCII `filename` for the rest. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function materialOf(practice: Practice | undefined, hash: string, fileName: string): PracticeMaterial | undefined {
  return practice?.materials.find((m) => m.fileHash === hash && m.fileName === fileName);
}

export function materialController({ catalogue, practices, submissions, materialFiles, practiceUpdates }: MaterialServingDependencies) {
  /** A file of the practice as stored, or of the update proposed for it and not yet decided. */
  const ownOrProposed = (practice: Practice | undefined, hash: string, fileName: string): PracticeMaterial | undefined => {
    if (!practice) return undefined;
    const proposed = practiceUpdates.findPending(practice.id)?.content.materials ?? [];
    return materialOf(practice, hash, fileName) ?? proposed.find((m) => m.fileHash === hash && m.fileName === fileName);
  };

  const send = (req: Request, res: Response, next: NextFunction, material: PracticeMaterial | undefined, cache: string) => {
    if (!material || !materialFiles.exists(material.fileHash)) throw new NotFound(NOT_FOUND);
    res.set({
      'Content-Type': material.mediaType,
      'Content-Disposition': contentDisposition(material.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': cache,
    });
    if (cache === PRIVATE_CACHE) res.removeHeader('ETag');
    res.sendFile(materialFiles.pathOf(material.fileHash), { cacheControl: false, lastModified: false, etag: cache !== PRIVATE_CACHE }, (error?: Error) => {
      // A client that went away mid-download is no error of ours.
      if (error && !res.headersSent) next(new NotFound(NOT_FOUND));
    });
  };

  return {
    published(req: Request<{ slug: string; hash: string; fileName: string }>, res: Response, next: NextFunction): void {
      const { slug, hash, fileName } = req.params;
      send(req, res, next, materialOf(catalogue.findPublished(slug), hash, fileName), PUBLIC_CACHE);
    },

    throughStatusLink(req: Request<{ token: string; hash: string; fileName: string }>, res: Response, next: NextFunction): void {
      const { token, hash, fileName } = req.params;
      send(req, res, next, ownOrProposed(submissions && findSubmission(submissions, token)?.practice, hash, fileName), PRIVATE_CACHE);
    },

    forModerator(req: Request<{ id: string; hash: string; fileName: string }>, res: Response, next: NextFunction): void {
      const { id, hash, fileName } = req.params;
      const practice = /^\d{1,12}$/.test(id) ? practices.findById(Number(id)) : undefined;
      send(req, res, next, ownOrProposed(practice, hash, fileName), PRIVATE_CACHE);
    },
  };
}
