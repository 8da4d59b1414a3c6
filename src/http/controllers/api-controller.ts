// JSON API v1: the same search as the pages, for programs.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { FACETS } from '../../domain/facets.js';
import { parseSearchQuery } from '../../domain/search-query.js';
import type { PracticeList } from '../api-schemas.js';
import { BadRequest, NotFound } from '../errors.js';
import { practiceApiView } from '../presenters/practice-presenter.js';

export function apiController(catalogue: Catalogue) {
  return {
    list(req: Request, res: Response): void {
      const parsed = parseSearchQuery(req.query);
      if (!parsed.ok) throw new BadRequest(parsed.problems.map((p) => p.message).join(' '), parsed.problems);
      const result = catalogue.search(parsed.query, { snippets: false });
      const body: PracticeList = {
        total: result.total,
        page: result.page,
        pageSize: result.pageSize,
        sort: result.sort,
        allWords: result.allWords,
        items: result.items.map(({ practice }) => practiceApiView(practice)),
        // The facet values come from the same vocabularies the schema's enums are made of.
        facets: Object.fromEntries(
          FACETS.map((f) => [f.key, result.facets[f.key].map(({ value, label, count }) => ({ value, label, count }))]),
        ) as PracticeList['facets'],
      };
      res.json(body);
    },

    show(req: Request<{ slug: string }>, res: Response): void {
      const practice = catalogue.findPublished(req.params.slug);
      if (!practice) throw new NotFound('Er is geen gepubliceerde praktijk met deze slug.');
      res.json(practiceApiView(practice));
    },
  };
}
