// Open data: the page that describes the dataset, its DCAT-AP Vlaanderen description, the sitemap and robots.txt.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { paths } from '../../paths.js';
import { DATA_LICENCE, DATASET_DESCRIPTION, DATASET_TITLE, catalogueJsonLd, latestChangeOf } from '../presenters/linked-data.js';
import { SITEMAP_CONTENT_TYPE, robotsTxt, sitemapXml } from '../presenters/sitemap-presenter.js';
import { absoluteUrl, originOf } from '../request-origin.js';

const dateFormat = new Intl.DateTimeFormat('nl-BE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Brussels' });

export function openDataController(catalogue: Catalogue) {
  return {
    page(req: Request, res: Response): void {
      const practices = catalogue.all();
      const origin = originOf(req);
      const latest = latestChangeOf(practices);
      const publishers = [...new Set(practices.map((p) => p.source.publisher).filter((p): p is string => Boolean(p)))].sort((a, b) => a.localeCompare(b, 'nl'));
      res.render('pages/open-data', {
        pageTitle: 'Open data',
        total: practices.length,
        title: DATASET_TITLE,
        description: DATASET_DESCRIPTION,
        licence: DATA_LICENCE,
        publishers,
        latestChange: latest ? { iso: latest, label: dateFormat.format(new Date(latest)) } : undefined,
        catalogueUrl: absoluteUrl(origin, paths.openDataCatalogue()),
      });
    },

    // The origin first: a bad Host throws, and the error page must not go out with this answer's type.
    catalogue(req: Request, res: Response): void {
      const origin = originOf(req);
      res.type('application/ld+json; charset=utf-8').send(JSON.stringify(catalogueJsonLd(catalogue.all(), origin), null, 2));
    },

    sitemap(req: Request, res: Response): void {
      const origin = originOf(req);
      res.type(SITEMAP_CONTENT_TYPE).send(sitemapXml(catalogue.all(), origin));
    },

    robots(req: Request, res: Response): void {
      const origin = originOf(req);
      res.type('text/plain; charset=utf-8').send(robotsTxt(origin));
    },
  };
}
