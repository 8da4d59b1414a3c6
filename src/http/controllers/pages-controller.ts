// The home page, the about page, the evidence ladder, and the privacy and accessibility statements.
import { CONTACT_LIMITS } from '../../domain/contact.js';
import { CHECK_LINK_DAYS } from '../../domain/yearly-check.js';
import { CONFIRMATION_HOURS } from '../../domain/adoptions.js';
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { MUNICIPALITY_LIST_SOURCE } from '../../domain/municipality-list.js';
import { MUNICIPALITIES } from '../../domain/municipalities.js';
import { OUTBOX_RETENTION_DAYS } from '../../domain/outbox.js';
import { parseSearchQuery } from '../../domain/search-query.js';
import { paths } from '../../paths.js';
import { csrfCookieName } from '../middleware/csrf.js';
import { sessionCookieName } from '../middleware/session.js';
import { evidenceLevelsView } from '../presenters/evidence-presenter.js';
import { partialDate } from '../presenters/dutch-format.js';

/** How long a moderator's session lasts, as configured; the privacy statement names it. */
export interface SessionLifetimes {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export function pagesController(
  catalogue: Catalogue,
  sessions: SessionLifetimes = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 },
  seedSlugs: ReadonlySet<string> = new Set(),
) {
  const browseAll = () => {
    const parsed = parseSearchQuery({});
    if (!parsed.ok) throw new Error('an empty search query must be valid');
    return catalogue.search(parsed.query);
  };

  return {
    home(_req: Request, res: Response): void {
      const result = browseAll();
      const themes = result.facets.theme.map((t) => ({ label: t.label, count: t.count, href: paths.practices({ theme: t.value }) }));
      const newest = result.items.slice(0, 3).map(({ practice }) => ({ title: practice.title, summary: practice.summary, href: paths.practice(practice.slug) }));
      res.render('pages/home', { pageTitle: undefined, total: result.total, themes, newest });
    },

    about(_req: Request, res: Response): void {
      // The table names the source texts of the seed records; submitted and imported practices name their own source.
      const seeds = catalogue.all().filter((p) => seedSlugs.has(p.slug));
      const sources = new Map<string, { title: string; publisher: string | undefined; count: number }>();
      for (const p of seeds) {
        const key = `${p.source.title}|${p.source.publisher ?? ''}`;
        const entry = sources.get(key) ?? { title: p.source.title, publisher: p.source.publisher, count: 0 };
        sources.set(key, { ...entry, count: entry.count + 1 });
      }
      res.render('pages/about', {
        pageTitle: 'Over Praktijkbank',
        total: catalogue.size,
        fromSourceTexts: seeds.length,
        sources: [...sources.values()].sort((a, b) => b.count - a.count),
        municipalitySource: { ...MUNICIPALITY_LIST_SOURCE, validFrom: partialDate(MUNICIPALITY_LIST_SOURCE.validFrom) },
        municipalityCount: MUNICIPALITIES.length,
      });
    },

    privacy(_req: Request, res: Response): void {
      res.render('pages/privacy', {
        pageTitle: 'Privacyverklaring',
        // Both names, so the statement is true wherever it is served.
        cookieNames: {
          production: sessionCookieName({ env: 'production' }),
          other: sessionCookieName({ env: 'development' }),
          form: { production: csrfCookieName({ env: 'production' }), other: csrfCookieName({ env: 'development' }) },
        },
        moderatorIdleMinutes: Math.round(sessions.idleMs / 60_000),
        moderatorMaxHours: Math.round(sessions.absoluteMs / 3_600_000),
        outboxRetentionDays: OUTBOX_RETENTION_DAYS,
        // The figures the statement promises, from the code that keeps them.
        contactCounterHours: Math.round(CONTACT_LIMITS.windowMs / 3_600_000),
        checkLinkDays: CHECK_LINK_DAYS,
        adoptionLinkHours: CONFIRMATION_HOURS,
      });
    },

    accessibility(_req: Request, res: Response): void {
      res.render('pages/accessibility', { pageTitle: 'Toegankelijkheidsverklaring', statementDate: '25 november 2026' });
    },

    evidenceLevels(_req: Request, res: Response): void {
      res.render('pages/evidence-levels', { pageTitle: 'Stand van de praktijk', levels: evidenceLevelsView() });
    },

  };
}
