// The public pages of the catalogue: the results page and a practice's page.
import type { NextFunction, Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { makersAddressOf } from '../../domain/contact.js';
import { paths } from '../../paths.js';
import { FACET_KEYS, type FacetKey, parseSearchQuery, type SearchQuery } from '../../domain/search-query.js';
import { BadRequest, NotFound } from '../errors.js';
import { citationOf } from '../presenters/citation-presenter.js';
import { practiceJsonLd, scriptSafeJson } from '../presenters/linked-data.js';
import { practicePageView } from '../presenters/practice-presenter.js';
import { adoptionsOnPage } from '../presenters/adoption-presenter.js';
import { facetValuesPageView, searchPageView } from '../presenters/search-presenter.js';
import { searchHintsView } from '../presenters/search-hints-presenter.js';
import { KeptAnswers, keptAnswerKey } from '../kept-answers.js';
import type { KeptFragments } from '../view-fragments.js';

/**
 * Bytes of rendered results pages kept (about 200 pages of 40 KB): the searches asked most often are
 * rendered once per version of the answers (kept-answers.ts).
 */
const RESULTS_PAGES_KEPT_BYTES = 8 * 1024 * 1024;

export function practicesController(catalogue: Catalogue, publicUrl: string, fragments: KeptFragments) {
  const resultsPages = new KeptAnswers(RESULTS_PAGES_KEPT_BYTES, 'html');
  return {
    search(req: Request, res: Response, next: NextFunction): void {
      const parsed = parseSearchQuery(req.query);
      if (!parsed.ok) {
        // Show the problem on the page the user was on, with an unfiltered search to go on from.
        const fallback = parseSearchQuery({ q: req.query.q });
        const query: SearchQuery = fallback.ok ? fallback.query : catalogueBrowse();
        const result = catalogue.search(query);
        res.status(400).render('practices/search', { view: searchPageView(result), hints: searchHintsView(result), problems: parsed.problems, pageTitle: 'Praktijken zoeken' });
        return;
      }
      // Words as typed: the heading repeats them.
      const key = keptAnswerKey(catalogue.answersKey, parsed.query);
      if (resultsPages.sendKept(res, key)) return;
      const result = catalogue.search(parsed.query);
      const pageTitle = parsed.query.q ? `Zoekresultaten voor "${parsed.query.q}"` : 'Alle praktijken';
      // Sent in parts: the results and facet values kept as bytes are not copied into the page's text.
      const page = fragments.pageInParts();
      res.render('practices/search', { view: searchPageView(result), hints: searchHintsView(result), problems: [], pageTitle, fragments: page.fragments }, (error: Error | null, html: string) => {
        if (error) next(error);
        else resultsPages.sendAndKeep(res, key, page.partsOf(html));
      });
    },

    /** "Toon alle": every value of one facet for the search, to tick and apply (the 300 municipalities live here, not on the results page). */
    facetValues(req: Request<{ facet: string }>, res: Response, next: NextFunction): void {
      const key = req.params.facet;
      // Not a facet: perhaps a page of a practice whose slug is "filters" (/praktijken/filters/contact).
      if (!isFacetKey(key)) {
        next();
        return;
      }
      const parsed = parseSearchQuery(req.query);
      if (!parsed.ok) throw new BadRequest(parsed.problems.map((p) => p.message).join(' '), parsed.problems);
      // One result is enough: the page needs the facet counts, which do not depend on the page. The
      // query as asked is what its links and hidden fields carry on.
      const result = catalogue.search({ ...parsed.query, page: 1, pageSize: 1 });
      const view = facetValuesPageView({ ...result, query: parsed.query }, key);
      res.render('practices/facet-values', { view, pageTitle: view.title });
    },

    show(req: Request<{ slug: string }>, res: Response): void {
      const practice = catalogue.findPublished(req.params.slug);
      if (!practice) throw new NotFound('Deze praktijk bestaat niet of is niet (meer) gepubliceerd.');
      res.render('practices/show', {
        view: practicePageView(practice, catalogue.related(practice), { asOf: catalogue.asOf }),
        citation: citationOf(practice, publicUrl),
        // Serialised here, escaped for a <script> data block: the template prints it as it is.
        jsonLd: scriptSafeJson(practiceJsonLd(practice, publicUrl)),
        pageTitle: practice.title,
        // A link to the form only: the address itself stays private unless the practice shows it.
        contactMakersHref: makersAddressOf(practice) === undefined ? undefined : paths.practiceContact(practice.slug),
        // Where the practice has spread (approved adoptions), and the form to add one's own municipality.
        adoptions: adoptionsOnPage(practice.adoptions),
        adoptHref: paths.adopt(practice.slug),
      });
    },
  };
}

const isFacetKey = (key: string): key is FacetKey => (FACET_KEYS as readonly string[]).includes(key);

function catalogueBrowse(): SearchQuery {
  const parsed = parseSearchQuery({});
  if (!parsed.ok) throw new Error('an empty search query must be valid');
  return parsed.query;
}
