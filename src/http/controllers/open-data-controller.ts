// Open data: the page that describes the dataset, its DCAT-AP Vlaanderen description, the sitemap and robots.txt.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { paths } from '../../paths.js';
import { DATA_LICENCE, DATASET_DESCRIPTION, DATASET_TITLE, catalogueJsonLd, latestChangeOf } from '../presenters/linked-data.js';
import { SITEMAP_CONTENT_TYPE, robotsTxt, sitemapXml } from '../presenters/sitemap-presenter.js';
import { absoluteUrl } from '../public-url.js';
import { dutchDayOf } from '../../domain/calendar.js';


export function openDataController(catalogue: Catalogue, publicUrl: string) {
  return {
    page(_req: Request, res: Response): void {
      const practices = catalogue.all();
      const latest = latestChangeOf(practices);
      const publishers = [...new Set(practices.map((p) => p.source.publisher).filter((p): p is string => Boolean(p)))].sort((a, b) => a.localeCompare(b, 'nl'));
      res.render('pages/open-data', {
        pageTitle: 'Open data',
        total: practices.length,
        title: DATASET_TITLE,
        description: DATASET_DESCRIPTION,
        licence: DATA_LICENCE,
        publishers,
        latestChange: latest ? { iso: latest, label: dutchDayOf(new Date(latest)) } : undefined,
        catalogueUrl: absoluteUrl(publicUrl, paths.openDataCatalogue()),
      });
    },

    catalogue(_req: Request, res: Response): void {
      res.type('application/ld+json; charset=utf-8').send(JSON.stringify(catalogueJsonLd(catalogue.all(), publicUrl), null, 2));
    },

    sitemap(_req: Request, res: Response): void {
      res.type(SITEMAP_CONTENT_TYPE).send(sitemapXml(catalogue.all(), publicUrl));
    },

    robots(_req: Request, res: Response): void {
      res.type('text/plain; charset=utf-8').send(robotsTxt(publicUrl));
    },
  };
}
