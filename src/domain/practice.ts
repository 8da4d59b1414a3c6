// What a practice is: one zod schema that is the single source for validation, the TypeScript types
// and the Dutch messages a form shows beside each field.
import { z } from 'zod';
import { isMunicipalityCode, municipalityByCode } from './municipalities.js';
import { withoutControlCharacters } from './plain-text.js';
import {
  LIFE_DOMAINS,
  PROVINCES,
  PUBLICATION_STATUSES,
  SCALES,
  TARGET_GROUPS,
  THEMES,
  type Province,
  valuesOf,
} from './vocabulary.js';

export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

/** A string as it will be stored: control and direction-override characters gone, then trimmed. */
export const cleanString = (params?: Parameters<typeof z.string>[0]) => z.string(params).overwrite(withoutControlCharacters).trim();

const text = (max: number, missing: string, tooLong: string) => cleanString({ error: missing }).min(1, { error: missing }).max(max, { error: tooLong });

const optionalText = (max: number, tooLong: string) =>
  cleanString().max(max, { error: tooLong }).optional().transform((v) => (v ? v : undefined));

const httpUrl = cleanString({ error: 'Vul een webadres in dat begint met http:// of https://.' })
  .max(500, { error: 'Een webadres mag hoogstens 500 tekens lang zijn.' })
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, { error: 'Vul een webadres in dat begint met http:// of https://.' });

const year = (label: string) =>
  z.coerce
    .number({ error: `Vul bij ${label} een jaartal in, bijvoorbeeld 2019.` })
    .int({ error: `Vul bij ${label} een jaartal in, bijvoorbeeld 2019.` })
    .min(FIRST_YEAR, { error: `Vul bij ${label} een jaartal in vanaf ${FIRST_YEAR}.` })
    .max(LAST_YEAR, { error: `Vul bij ${label} een jaartal in tot ${LAST_YEAR}.` });

const distinct = <T>(values: T[]) => [...new Set(values)];

export const sectionsSchema = z.object({
  aanleiding: optionalText(5000, 'De aanleiding mag hoogstens 5000 tekens lang zijn.'),
  aanpak: optionalText(10000, 'De aanpak mag hoogstens 10000 tekens lang zijn.'),
  resultaten: optionalText(5000, 'De resultaten mogen hoogstens 5000 tekens lang zijn.'),
  leerpunten: optionalText(5000, 'De leerpunten mogen hoogstens 5000 tekens lang zijn.'),
});

export const linkSchema = z.object({
  url: httpUrl,
  label: optionalText(200, 'De omschrijving van een link mag hoogstens 200 tekens lang zijn.'),
});

export const sourceSchema = z.object({
  title: text(300, 'Vul de titel van de bron in.', 'De titel van de bron mag hoogstens 300 tekens lang zijn.'),
  publisher: optionalText(200, 'De uitgever van de bron mag hoogstens 200 tekens lang zijn.'),
  url: httpUrl.optional(),
  note: optionalText(1000, 'De toelichting bij de bron mag hoogstens 1000 tekens lang zijn.'),
});

/** The fields of a practice, before the rules that tie fields together (see practiceRules). */
export const practiceFieldsSchema = z.object({
  title: text(200, 'Vul de titel van de praktijk in.', 'De titel mag hoogstens 200 tekens lang zijn.'),
  summary: text(600, 'Vul een korte samenvatting in.', 'De samenvatting mag hoogstens 600 tekens lang zijn.'),
  sections: sectionsSchema.prefault({}),
  municipalities: z
    .array(z.string().refine(isMunicipalityCode, { error: 'Kies een Vlaamse gemeente uit de lijst.' }))
    .max(300, { error: 'Kies hoogstens 300 gemeenten.' })
    .default([])
    .transform(distinct),
  // Only for practices that cover a whole province rather than named municipalities.
  provinces: z
    .array(z.enum(valuesOf(PROVINCES), { error: 'Kies een Vlaamse provincie uit de lijst.' }))
    .default([])
    .transform(distinct),
  scale: z.enum(valuesOf(SCALES), { error: 'Kies de schaal: lokaal, intergemeentelijk, regionaal of Vlaams.' }),
  themes: z
    .array(z.enum(valuesOf(THEMES), { error: 'Kies een thema uit de lijst.' }))
    .min(1, { error: 'Kies minstens één thema.' })
    .transform(distinct),
  targetGroups: z
    .array(z.enum(valuesOf(TARGET_GROUPS), { error: 'Kies een doelgroep uit de lijst.' }))
    .default([])
    .transform(distinct),
  lifeDomains: z
    .array(z.enum(valuesOf(LIFE_DOMAINS), { error: 'Kies een levensdomein uit de lijst.' }))
    .default([])
    .transform(distinct),
  partners: z
    .array(text(200, 'Vul de naam van de partnerorganisatie in.', 'De naam van een partner mag hoogstens 200 tekens lang zijn.'))
    .max(50, { error: 'Vul hoogstens 50 partners in.' })
    .default([]),
  startYear: year('het beginjaar').optional(),
  endYear: year('het eindjaar').optional(),
  ongoing: z.boolean().default(false),
  links: z.array(linkSchema).max(20, { error: 'Vul hoogstens 20 links in.' }).default([]),
  source: sourceSchema,
  contactOrganisation: optionalText(200, 'De naam van de contactorganisatie mag hoogstens 200 tekens lang zijn.'),
  contactEmail: z
    .email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.' })
    .max(254, { error: 'Een e-mailadres mag hoogstens 254 tekens lang zijn.' })
    .optional(),
  /** The submitter agreed to show the contact e-mail publicly; without that it stays private. */
  contactEmailPublic: z.boolean().default(false),
});

type PracticeRuleSubject = Pick<z.infer<typeof practiceFieldsSchema>, 'scale' | 'municipalities' | 'provinces' | 'startYear' | 'endYear' | 'ongoing'>;

/** The rules between fields, shared by every schema built on the practice's fields. */
export function practiceRules(practice: PracticeRuleSubject, ctx: z.RefinementCtx): void {
  if (practice.scale !== 'vlaams' && practice.municipalities.length === 0 && practice.provinces.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['municipalities'],
      message: 'Kies minstens één gemeente waar de praktijk loopt.',
    });
  }
  if (practice.startYear !== undefined && practice.endYear !== undefined && practice.endYear < practice.startYear) {
    ctx.addIssue({ code: 'custom', path: ['endYear'], message: 'Het eindjaar mag niet voor het beginjaar liggen.' });
  }
  if (practice.ongoing && practice.endYear !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['endYear'],
      message: 'Een praktijk die nog loopt heeft geen eindjaar: laat het eindjaar leeg of vink "loopt nog" uit.',
    });
  }
}

/** Everything a practice holds that a person (or a seed file, or an import) provides. */
export const practiceInputSchema = practiceFieldsSchema.superRefine(practiceRules);

export type PracticeInput = z.infer<typeof practiceInputSchema>;
export type PracticeInputDraft = z.input<typeof practiceInputSchema>;
export type PracticeSections = z.infer<typeof sectionsSchema>;
export type PracticeLink = z.infer<typeof linkSchema>;
export type PracticeSource = z.infer<typeof sourceSchema>;

export const SECTION_KEYS = ['aanleiding', 'aanpak', 'resultaten', 'leerpunten'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const publicationStatusSchema = z.enum(valuesOf(PUBLICATION_STATUSES));

/** A stored practice: the input plus what the system keeps about it. */
export interface Practice extends PracticeInput {
  readonly id: number;
  readonly slug: string;
  readonly status: z.infer<typeof publicationStatusSchema>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | undefined;
}

/** Everything a person provides of a practice, without what the system keeps (id, status, dates). */
export function contentOf(practice: Practice): PracticeInput {
  return {
    title: practice.title,
    summary: practice.summary,
    sections: practice.sections,
    municipalities: practice.municipalities,
    provinces: practice.provinces,
    scale: practice.scale,
    themes: practice.themes,
    targetGroups: practice.targetGroups,
    lifeDomains: practice.lifeDomains,
    partners: practice.partners,
    startYear: practice.startYear,
    endYear: practice.endYear,
    ongoing: practice.ongoing,
    links: practice.links,
    source: practice.source,
    contactOrganisation: practice.contactOrganisation,
    contactEmail: practice.contactEmail,
    contactEmailPublic: practice.contactEmailPublic,
  };
}

/** The provinces a practice covers: those of its municipalities plus any it names itself. */
export function provincesOf(practice: Pick<PracticeInput, 'municipalities' | 'provinces'>): Province[] {
  const derived = practice.municipalities.map((code) => municipalityByCode(code)?.province);
  return [...new Set([...derived, ...practice.provinces])].filter((p): p is Province => p !== undefined).sort();
}
