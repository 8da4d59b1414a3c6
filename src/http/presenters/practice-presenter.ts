// Presenters pick what a page or the API shows of a practice. The contact e-mail is picked only when
// the submitter agreed to publish it, so a private address cannot leak by accident.
import { municipalityByCode } from '../../domain/municipalities.js';
import { type Practice, SECTION_KEYS, type SectionKey, provincesOf } from '../../domain/practice.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, type Term, labelOf } from '../../domain/vocabulary.js';
import { paths } from '../../paths.js';

export interface TagView {
  readonly label: string;
  readonly href: string;
}

export const SECTION_HEADINGS: Record<SectionKey, string> = {
  aanleiding: 'Aanleiding',
  aanpak: 'Aanpak',
  resultaten: 'Resultaten',
  leerpunten: 'Leerpunten',
};

const tags = (param: string, terms: readonly Term[], values: readonly string[]): TagView[] =>
  values.map((value) => ({ label: labelOf(terms, value), href: paths.practices({ [param]: value }) }));

/** Formats the period the way people say it: "sinds 2019", "2021 – 2025", "2018". */
export function periodOf(practice: Pick<Practice, 'startYear' | 'endYear' | 'ongoing'>): string | undefined {
  const { startYear, endYear, ongoing } = practice;
  if (startYear !== undefined && ongoing) return `Sinds ${startYear} (loopt nog)`;
  if (startYear !== undefined && endYear !== undefined) return startYear === endYear ? String(startYear) : `${startYear} – ${endYear}`;
  if (startYear !== undefined) return `Vanaf ${startYear}`;
  if (endYear !== undefined) return `Tot ${endYear}`;
  if (ongoing) return 'Loopt nog';
  return undefined;
}

/** The contact e-mail, only where the submitter agreed to show it. */
function publicEmailOf(practice: Practice): string | undefined {
  return practice.contactEmailPublic ? practice.contactEmail : undefined;
}

const dateFormat = new Intl.DateTimeFormat('nl-BE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Brussels' });

/** An ISO timestamp as a Dutch date ("25 november 2026"), with the machine-readable form for <time>. */
function dateOf(iso: string | undefined): { iso: string; label: string } | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : { iso: date.toISOString(), label: dateFormat.format(date) };
}

export function practicePageView(practice: Practice, related: readonly Practice[]) {
  return {
    title: practice.title,
    summary: practice.summary,
    sections: SECTION_KEYS.filter((key) => practice.sections[key]).map((key) => ({
      heading: SECTION_HEADINGS[key],
      paragraphs: (practice.sections[key] ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean),
    })),
    themes: tags('theme', THEMES, practice.themes),
    targetGroups: tags('targetGroup', TARGET_GROUPS, practice.targetGroups),
    lifeDomains: tags('lifeDomain', LIFE_DOMAINS, practice.lifeDomains),
    municipalities: practice.municipalities.map((code) => ({
      label: municipalityByCode(code)?.name ?? code,
      href: paths.practices({ municipality: code }),
    })),
    provinces: tags('province', PROVINCES, provincesOf(practice)),
    scale: tags('scale', SCALES, [practice.scale]),
    startYear: practice.startYear === undefined ? undefined : { label: String(practice.startYear), href: paths.practices({ startYear: practice.startYear }) },
    period: periodOf(practice),
    partners: practice.partners,
    links: practice.links.map((l) => ({ url: l.url, label: l.label ?? l.url })),
    source: practice.source,
    contactOrganisation: practice.contactOrganisation,
    contactEmail: publicEmailOf(practice),
    publishedOn: dateOf(practice.publishedAt),
    updatedOn: dateOf(practice.updatedAt),
    related: related.map((r) => ({ title: r.title, summary: r.summary, href: paths.practice(r.slug) })),
    apiHref: paths.api.practice(practice.slug),
  };
}
export type PracticePageView = ReturnType<typeof practicePageView>;
