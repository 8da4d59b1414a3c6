// The statistics page (/cijfers) and a CSV per table. Both take the parameters of /praktijken, plus
// startYearFrom/startYearTo, the period the page's own form sends, which become startYear values.
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import type { Practice } from '../../domain/practice.js';
import { parseSearchQuery, type ParsedSearchQuery, type SearchQuery } from '../../domain/search-query.js';
import { adoptionFiguresOf, flandersWideCountOf, isStatisticsTable, periodYears, statisticsTable, yearSpanOf } from '../../domain/statistics.js';
import { BadRequest, NotFound } from '../errors.js';
import { statisticsCsvFilename, statisticsCsvRecords, statisticsPageView } from '../presenters/statistics-presenter.js';

const PERIOD_PARAMETERS = ['startYearFrom', 'startYearTo'] as const;

/** Parses the search, turning a period from the form into the start years it covers. */
function parseStatisticsQuery(raw: Record<string, unknown>, catalogue: Catalogue): ParsedSearchQuery {
  if (!PERIOD_PARAMETERS.some((p) => p in raw)) return parseSearchQuery(raw);
  const { startYearFrom, startYearTo, ...rest } = raw;
  const period = periodYears(startYearFrom, startYearTo, yearSpanOf(catalogue.all()));
  // The period replaces any startYear given beside it: the form sends one or the other, never both.
  const parsed = parseSearchQuery({ ...rest, startYear: period.ok ? period.years : undefined });
  if (period.ok) return parsed;
  return { ok: false, problems: [...period.problems, ...(parsed.ok ? [] : parsed.problems)] };
}

function browseAll(q: unknown): SearchQuery {
  const fallback = parseSearchQuery({ q });
  if (fallback.ok) return fallback.query;
  const empty = parseSearchQuery({});
  if (!empty.ok) throw new Error('an empty search query must be valid');
  return empty.query;
}

/**
 * The practices for all of Flanders that the province chart leaves out: counted as the chart counts,
 * ignoring a province filter (facets are disjunctive), which would leave them out of the result.
 */
function flandersWideOf(catalogue: Catalogue, query: SearchQuery, result?: readonly Practice[]): number {
  if (query.province.length === 0 && result) return flandersWideCountOf(result);
  return flandersWideCountOf(catalogue.searchAll({ ...query, province: [] }));
}

export function statisticsController(catalogue: Catalogue) {
  return {
    page(req: Request, res: Response): void {
      const parsed = parseStatisticsQuery(req.query, catalogue);
      const span = yearSpanOf(catalogue.all());
      if (!parsed.ok) {
        // As on the results page: the problem at the top, and the figures for the typed words to go on from.
        const query = browseAll(req.query.q);
        const view = statisticsPageView(catalogue.search(query, { snippets: false }), span, undefined, flandersWideOf(catalogue, query));
        res.status(400).render('statistics/index', { view, problems: parsed.problems, pageTitle: 'Cijfers' });
        return;
      }
      // Adoptions are counted over the whole result: a facet counts practices, not how often each was taken over.
      const all = catalogue.searchAll(parsed.query);
      const view = statisticsPageView(catalogue.search(parsed.query, { snippets: false }), span, adoptionFiguresOf(all), flandersWideOf(catalogue, parsed.query, all));
      res.render('statistics/index', { view, problems: [], pageTitle: 'Cijfers' });
    },

    csv(req: Request<{ table: string }>, res: Response): void {
      const key = req.params.table;
      if (!isStatisticsTable(key)) throw new NotFound('Deze tabel bestaat niet. Er zijn tabellen per thema, provincie, beginjaar, doelgroep en stand van de praktijk, en een over contactpersoon en materiaal.');
      const parsed = parseStatisticsQuery(req.query, catalogue);
      if (!parsed.ok) throw new BadRequest(parsed.problems.map((p) => p.message).join(' '), parsed.problems);
      const table = statisticsTable(catalogue.search(parsed.query, { snippets: false }), key);
      const csv = stringify(statisticsCsvRecords(table), {
        bom: true, // Excel reads UTF-8 (accents) only with a BOM
        record_delimiter: 'windows', // CRLF, as RFC 4180 says
        escape_formulas: true, // a label starting with = + - @ is not run as a formula by a spreadsheet
      });
      res.attachment(statisticsCsvFilename(key));
      res.type('text/csv; charset=utf-8; header=present').send(csv);
    },
  };
}
