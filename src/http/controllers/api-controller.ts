// JSON API v1: the same search as the pages, for programs.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { FACETS } from '../../domain/facets.js';
import { parseSearchQuery } from '../../domain/search-query.js';
import type { PracticeList } from '../api-schemas.js';
import { BadRequest, NotFound } from '../errors.js';
import { KeptAnswers, keptAnswerKey } from '../kept-answers.js';
import { practiceApiJson } from '../presenters/practice-api-presenter.js';

const COMMA = Buffer.from(',');

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
      // The facet values come from the same vocabularies the schema's enums are made of.
      const facets = Object.fromEntries(
        FACETS.map((f) => [f.key, result.facets[f.key].map(({ value, label, count }) => ({ value, label, count }))]),
      ) as PracticeList['facets'];
      // A PracticeList, written out in its field order as UTF-8 with each practice's JSON encoded once
      // (practiceApiJson): copying those bytes together costs far less than joining the practices'
      // text into an answer of about 100 KB and encoding that.
      const parts: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"items":[`)];
      result.items.forEach(({ practice }, i) => {
        if (i > 0) parts.push(COMMA);
        parts.push(practiceApiJson(practice, catalogue.asOf));
      });
      parts.push(Buffer.from(`],"facets":${JSON.stringify(facets)}}`));
      listAnswers.sendAndKeep(res, key, parts);
    },

    show(req: Request<{ slug: string }>, res: Response): void {
      const practice = catalogue.findPublished(req.params.slug);
      if (!practice) throw new NotFound('Er is geen gepubliceerde praktijk met deze slug.');
      res.type('application/json').send(practiceApiJson(practice, catalogue.asOf));
    },
  };
}
