// JSON API v1: the same search as the pages, for programs.
import type { Request, Response } from 'express';
import type { Catalogue, SearchResult } from '../../domain/catalogue.js';
import { FACETS } from '../../domain/facets.js';
import { parseSearchQuery } from '../../domain/search-query.js';
import type { PracticeList } from '../api-schemas.js';
import { BadRequest, NotFound } from '../errors.js';
import { KeptAnswers, keptAnswerKey } from '../kept-answers.js';
import { practiceApiJson } from '../presenters/practice-api-presenter.js';

const COMMA = Buffer.from(',');

// A search's facet counts are one frozen object, shared by every page and spelling of that search
// until the catalogue changes (search-match.ts): the end of the answer that carries them (about 18 KB
// at 10,000 practices) is serialized and encoded once for that object, not for every request.
const facetsTails = new WeakMap<SearchResult['facets'], Buffer>();

function facetsTailOf(facets: SearchResult['facets']): Buffer {
  let tail = facetsTails.get(facets);
  if (!tail) {
    // The facet values come from the same vocabularies the schema's enums are made of.
    const shown = Object.fromEntries(
      FACETS.map((f) => [f.key, facets[f.key].map(({ value, label, count }) => ({ value, label, count }))]),
    ) as PracticeList['facets'];
    const json = `],"facets":${JSON.stringify(shown)}}`;
    // A buffer of its own: a small one from Node's shared pool would keep the whole pool slab alive.
    tail = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
    tail.write(json);
    facetsTails.set(facets, tail);
  }
  return tail;
}

/**
 * Bytes of list answers kept (about 120 answers of 100 KB, counted whole although the practices'
 * JSON in them is shared): the searches asked most often are put together once per version of the
 * answers (kept-answers.ts).
 */
const LIST_ANSWERS_KEPT_BYTES = 12 * 1024 * 1024;

export function apiController(catalogue: Catalogue) {
  const listAnswers = new KeptAnswers(LIST_ANSWERS_KEPT_BYTES, 'application/json');
  return {
    list(req: Request, res: Response): void {
      const parsed = parseSearchQuery(req.query);
      if (!parsed.ok) throw new BadRequest(parsed.problems.map((p) => p.message).join(' '), parsed.problems);
      const key = keptAnswerKey(catalogue.answersKey, parsed.query);
      if (listAnswers.sendKept(res, key)) return;
      const result = catalogue.search(parsed.query, { snippets: false });
      const head: Omit<PracticeList, 'items' | 'facets'> = {
        total: result.total,
        page: result.page,
        pageSize: result.pageSize,
        sort: result.sort,
        allWords: result.allWords,
        correctedQuery: result.correctedQuery ?? null,
        suggestions: result.suggestions.map(({ q, total }) => ({ q, total })),
        nearThemes: result.nearThemes.map(({ value, label, count }) => ({ value, label, count })),
      };
      // A PracticeList, written out in its field order as UTF-8 with each practice's JSON encoded once
      // (practiceApiJson): copying those bytes together costs far less than joining the practices'
      // text into an answer of about 100 KB and encoding that.
      const parts: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"items":[`)];
      result.items.forEach(({ practice }, i) => {
        if (i > 0) parts.push(COMMA);
        parts.push(practiceApiJson(practice, catalogue.asOf));
      });
      parts.push(facetsTailOf(result.facets));
      listAnswers.sendAndKeep(res, key, parts);
    },

    show(req: Request<{ slug: string }>, res: Response): void {
      const practice = catalogue.findPublished(req.params.slug);
      if (!practice) throw new NotFound('Er is geen gepubliceerde praktijk met deze slug.');
      res.type('application/json').send(practiceApiJson(practice, catalogue.asOf));
    },
  };
}
