// JSON API v1: the same search as the pages, for programs.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { FACETS } from '../../domain/facets.js';
import { parseSearchQuery } from '../../domain/search-query.js';
import type { PracticeList } from '../api-schemas.js';
import { BadRequest, NotFound } from '../errors.js';
import { practiceApiJson } from '../presenters/practice-api-presenter.js';

const COMMA = Buffer.from(',');

// Writes the parts of a JSON answer as they are, with the headers res.send would give it (the type
// application/json; charset=utf-8, the length); the socket takes them in one write. Not joined into one
// buffer first: a new 90 KB buffer per request is memory outside V8's heap, and at hundreds of requests
// a second its churn set off extra full garbage collections. (Node sends no body to a HEAD request.)
function sendJsonParts(res: Response, parts: readonly Buffer[]): void {
  res.type('application/json');
  res.set('Content-Length', String(parts.reduce((sum, part) => sum + part.length, 0)));
  for (const part of parts) res.write(part);
  res.end();
}

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
      // A PracticeList, written out in its field order as UTF-8 with each practice's JSON encoded once
      // (practiceApiJson): sending those bytes as they are costs far less than joining the practices'
      // text into an answer of about 90 KB and encoding that for every request.
      const parts: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"items":[`)];
      result.items.forEach(({ practice }, i) => {
        if (i > 0) parts.push(COMMA);
        parts.push(practiceApiJson(practice, catalogue.asOf));
      });
      parts.push(Buffer.from(`],"facets":${JSON.stringify(facets)}}`));
      sendJsonParts(res, parts);
    },

    show(req: Request<{ slug: string }>, res: Response): void {
      const practice = catalogue.findPublished(req.params.slug);
      if (!practice) throw new NotFound('Er is geen gepubliceerde praktijk met deze slug.');
      res.type('application/json').send(practiceApiJson(practice, catalogue.asOf));
    },
  };
}
