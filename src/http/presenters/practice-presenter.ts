// What a practice's page shows, written for a policy officer who wants to copy it. The contact e-mail
// is picked only when the submitter agreed to publish it, so a private address cannot leak by accident.
import { completenessLabelOf, completenessOf } from '../../domain/completeness.js';
import { materialTypeOf } from '../../domain/material-types.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import { type Practice, type PracticeMaterial, SECTION_KEYS, type SectionKey, provincesOf } from '../../domain/practice.js';
import {
  COST_PERIODS,
  EVALUATION_KINDS,
  EVIDENCE_LEVELS,
  FUNDING_SOURCES,
  LIFE_DOMAINS,
  PROVINCES,
  REACH_UNITS,
  SCALES,
  TARGET_GROUPS,
  THEMES,
  type Term,
  labelOf,
} from '../../domain/vocabulary.js';
import { lastCheckOf, recentlyVerified } from '../../domain/verification.js';
import { paths } from '../../paths.js';
import { dateOfMoment, dutchNumber, euro, fileSize, partialDate } from './dutch-format.js';
import { EVIDENCE_LEVEL_TEXTS } from './evidence-presenter.js';

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

const paragraphsOf = (text: string): string[] => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

/** The sections in the order of the form: the story first, then what makes it work and what copying takes. */
function sectionsOf(practice: Practice) {
  const sections: { id: string; heading: string; paragraphs: string[] }[] = SECTION_KEYS.filter((key) => practice.sections[key]).map((key) => ({
    id: key,
    heading: SECTION_HEADINGS[key],
    paragraphs: paragraphsOf(practice.sections[key] ?? ''),
  }));
  if (practice.workingElements) sections.push({ id: 'werkzame-elementen', heading: 'Werkzame elementen', paragraphs: paragraphsOf(practice.workingElements) });
  if (practice.transferability) sections.push({ id: 'overnemen', heading: 'Wat heb je nodig om dit over te nemen?', paragraphs: paragraphsOf(practice.transferability) });
  return sections;
}

/** "€ 12.500 per jaar", "€ 3.000 eenmalig"; undefined without an amount. */
function amountOf(practice: Practice): string | undefined {
  const { amountEur, period } = practice.costs;
  if (amountEur === undefined) return undefined;
  return period ? `${euro(amountEur)} ${labelOf(COST_PERIODS, period)}` : euro(amountEur);
}

/** Costs, funding and staff; undefined when the practice says nothing about any of them. */
function meansOf(practice: Practice) {
  const means = {
    amount: amountOf(practice),
    covers: practice.costs.note,
    funding: practice.funding.map((f) => labelOf(FUNDING_SOURCES, f)),
    staff: practice.staffFte === undefined ? undefined : `${dutchNumber(practice.staffFte)} VTE`,
  };
  return means.amount || means.covers || means.funding.length > 0 || means.staff ? means : undefined;
}

/** "120 gezinnen in 2024"; undefined without a number. */
function reachOf(practice: Practice): string | undefined {
  const { count, unit, year } = practice.reach;
  if (count === undefined) return undefined;
  return [dutchNumber(count), unit ? labelOf(REACH_UNITS, unit) : undefined, year === undefined ? undefined : `in ${year}`].filter(Boolean).join(' ');
}

function evaluationOf(practice: Practice) {
  const { kind, summary, url } = practice.evaluation;
  if (kind === undefined) return undefined;
  return { kind: labelOf(EVALUATION_KINDS, kind), paragraphs: summary ? paragraphsOf(summary) : [], url };
}

function contactOf(practice: Practice) {
  const contact = { name: practice.contactName, role: practice.contactRole, organisation: practice.contactOrganisation, email: publicEmailOf(practice) };
  return contact.name || contact.role || contact.organisation || contact.email ? contact : undefined;
}

function materialView(material: PracticeMaterial, href: string | undefined) {
  const type = materialTypeOf(material.mediaType);
  return {
    title: material.title,
    fileName: material.fileName,
    description: material.description,
    typeLabel: type?.label ?? material.mediaType,
    size: fileSize(material.bytes),
    image: type?.image === true,
    href,
  };
}

function evidenceOf(practice: Practice) {
  if (!practice.evidence) return undefined;
  const { level, justification, decidedAt } = practice.evidence;
  return { label: labelOf(EVIDENCE_LEVELS, level), criterion: EVIDENCE_LEVEL_TEXTS[level].criterion, justification, decidedOn: dateOfMoment(decidedAt) };
}

export interface PracticePageOptions {
  /**
   * Where a material is fetched; the public address by default. A preview (status link, moderation)
   * passes its own, or undefined to list materials without a link.
   */
  readonly materialHref?: (material: PracticeMaterial) => string | undefined;
  /** The moment "niet recent nagekeken" is judged at: the catalogue's clock on the public page; none in previews. */
  readonly asOf?: Date;
  /** A preview of a proposed change to a published practice: the change itself is not published yet. */
  readonly pendingChange?: boolean;
}

export function practicePageView(practice: Practice, related: readonly Practice[], options: PracticePageOptions = {}) {
  const materialHref = options.materialHref ?? ((m: PracticeMaterial) => paths.material(practice.slug, m));
  return {
    title: practice.title,
    summary: practice.summary,
    sections: sectionsOf(practice),
    means: meansOf(practice),
    reach: reachOf(practice),
    evaluation: evaluationOf(practice),
    materials: practice.materials.map((m) => materialView(m, materialHref(m))),
    contact: contactOf(practice),
    evidence: evidenceOf(practice),
    evidenceLevelsHref: paths.evidenceLevels(),
    // What a copier still has to find out elsewhere, in the words of the completeness list.
    missing: completenessOf(practice).missing.map(completenessLabelOf),
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
    sourceDate: partialDate(practice.source.date),
    publishedOn: dateOfMoment(practice.publishedAt),
    // A practice never published was not "bijgewerkt" either: a preview says it is not published yet.
    updatedOn: practice.publishedAt === undefined ? undefined : dateOfMoment(practice.updatedAt),
    notYetPublished: practice.publishedAt === undefined,
    changeNotYetPublished: options.pendingChange === true,
    lastVerifiedOn: dateOfMoment(practice.lastVerifiedAt),
    // Not confirmed for 18 months: said beside the date of the last check (publication when never checked).
    notRecentlyVerified: options.asOf !== undefined && !recentlyVerified(practice, options.asOf) ? { lastCheckOn: dateOfMoment(lastCheckOf(practice)), href: paths.practices({ notRecentlyVerified: 'true' }) } : undefined,
    related: related.map((r) => ({ title: r.title, summary: r.summary, href: paths.practice(r.slug) })),
    apiHref: paths.api.practice(practice.slug),
  };
}
export type PracticePageView = ReturnType<typeof practicePageView>;
