// JSON API v1: the same search as the pages, for programs.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { FACETS } from '../../domain/facets.js';
import { parseSearchQuery } from '../../domain/search-query.js';
import type { PracticeList } from '../api-schemas.js';
import { BadRequest, NotFound } from '../errors.js';
import { practiceApiJson } from '../presenters/practice-api-presenter.js';

export function apiController(catalogue: Catalogue) {
  return {
    list(req: Request, res: Response): void {
      const parsed = parseSearchQuery(req.query);
      if (!parsed.ok) throw new BadRequest(parsed.problems.map((p) => p.message).join(' '), parsed.problems);
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
      // A PracticeList, written out in its field order with each practice's JSON made once (practiceApiJson).
      const items = result.items.map(({ practice }) => practiceApiJson(practice, catalogue.asOf)).join(',');
      res.type('application/json').send(`${JSON.stringify(head).slice(0, -1)},"items":[${items}],"facets":${JSON.stringify(facets)}}`);
    },

    show(req: Request<{ slug: string }>, res: Response): void {
      const practice = catalogue.findPublished(req.params.slug);
      if (!practice) throw new NotFound('Er is geen gepubliceerde praktijk met deze slug.');
      res.type('application/json').send(practiceApiJson(practice, catalogue.asOf));
    },
  };
}
