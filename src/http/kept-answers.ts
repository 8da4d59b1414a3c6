// Whole public answers kept for their next asker. A results page or an API list is the same for
// everyone who asks the same search of the same catalogue (the HTTP answer already says so: a version
// ETag, public for shared caches), so the searches asked most are rendered or serialized once per
// version of the answers instead of for every request. Keys begin with the catalogue's answersKey, so
// a publication, a synonym swap or a new day makes every kept answer unreachable; those then age out
// by the byte limit, least recently asked first.
import type { Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { SearchQuery } from '../domain/search-query.js';
import { PRIVATE_CACHE_CONTROL } from './middleware/http-caching.js';

/** An answer bigger than this share of the limit is sent, not kept: one answer must not empty the cache. */
const LARGEST_SHARE = 0.1;

const lengthOf = (parts: readonly Buffer[]) => parts.reduce((sum, part) => sum + part.length, 0);

/** The key of a search's answer: the search as parsed (words as typed), for this version of the answers. */
export function keptAnswerKey(answersKey: string, query: SearchQuery): string {
  return `${answersKey}\n${JSON.stringify(query)}`;
}

export class KeptAnswers {
  private readonly answers: LRUCache<string, readonly Buffer[]> | undefined;
  private readonly largest: number;

  /** `maxBytes`: how many bytes of answers to keep at most (0: none). `type`: their Content-Type, as res.type takes it. */
  constructor(
    maxBytes: number,
    private readonly type: string,
  ) {
    this.largest = Math.floor(maxBytes * LARGEST_SHARE);
    this.answers = maxBytes > 0 ? new LRUCache<string, readonly Buffer[]>({ maxSize: maxBytes, sizeCalculation: lengthOf }) : undefined;
  }

  /** Sends the answer kept under `key`; false when there is none, and the caller makes it. */
  sendKept(res: Response, key: string): boolean {
    const kept = this.answers?.get(key);
    if (!kept) return false;
    this.send(res, kept);
    return true;
  }

  /**
   * Sends `answer` and keeps it under `key`, unless it turned out personal while it was made (a page
   * that asked for a form token is Cache-Control private): that one is sent, never kept. The answer
   * may come in parts (the API's list: its head, each practice's JSON, its facets), which are kept
   * and sent as they are, never joined: parts shared with other answers are not copied.
   */
  sendAndKeep(res: Response, key: string, answer: readonly Buffer[]): void {
    const cacheControl = res.get('Cache-Control');
    if (this.answers && lengthOf(answer) <= this.largest && cacheControl !== PRIVATE_CACHE_CONTROL && cacheControl !== 'no-store') this.answers.set(key, answer);
    this.send(res, answer);
  }

  // The headers res.send would give (the type with its charset, the length); the socket takes the
  // parts in one write. (Node sends no body to a HEAD request.)
  private send(res: Response, parts: readonly Buffer[]): void {
    res.type(this.type);
    res.set('Content-Length', String(lengthOf(parts)));
    for (const part of parts) res.write(part);
    res.end();
  }
}
