// What a practice is: one zod schema that is the single source for validation, the TypeScript types
// and the Dutch messages a form shows beside each field.
import { z } from 'zod';
import { MATERIAL_MEDIA_TYPES, MAX_MATERIALS, MAX_MATERIAL_BYTES, materialTypeOf } from './material-types.js';
import { isMunicipalityCode, municipalityByCode } from './municipalities.js';
import { withoutControlCharacters } from './plain-text.js';
import {
  COST_PERIODS,
  EVALUATION_KINDS,
  FUNDING_SOURCES,
  LIFE_DOMAINS,
  PROVINCES,
  PUBLICATION_STATUSES,
  REACH_UNITS,
  SCALES,
  TARGET_GROUPS,
  THEMES,
  type EvidenceLevel,
  type Province,
  valuesOf,
} from './vocabulary.js';

export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

/** A string as it will be stored: control and direction-override characters gone, then trimmed. */
export const cleanString = (params?: Parameters<typeof z.string>[0]) => z.string(params).overwrite(withoutControlCharacters).trim();

/** `tooLong` may name how long the text is, so the writer knows how much to cut (the text is refused, never cut). */
const text = (max: number, missing: string, tooLong: string | ((length: number) => string)) =>
  cleanString({ error: missing })
    .min(1, { error: missing })
    .max(max, { error: typeof tooLong === 'string' ? tooLong : (issue) => tooLong(typeof issue.input === 'string' ? issue.input.length : max + 1) });

export const MAX_SUMMARY_LENGTH = 600;

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

const SOURCE_DATE_FORMAT = 'Vul de datum van de bron in als jjjj-mm-dd, of jjjj-mm of jjjj als de bron alleen de maand of het jaar geeft (bijvoorbeeld 2018-02-23).';

/** A calendar date as precise as the text gives it: 2018, 2018-02 or 2018-02-23 (ISO 8601). */
export const partialDateSchema = cleanString({ error: SOURCE_DATE_FORMAT })
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, { error: SOURCE_DATE_FORMAT })
  .refine((value) => {
    const [y = 0, m = 1, d = 1] = value.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= FIRST_YEAR && y <= LAST_YEAR && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, { error: SOURCE_DATE_FORMAT });

export const sourceSchema = z.object({
  title: text(300, 'Vul de titel van de bron in.', 'De titel van de bron mag hoogstens 300 tekens lang zijn.'),
  publisher: optionalText(200, 'De uitgever van de bron mag hoogstens 200 tekens lang zijn.'),
  url: httpUrl.optional(),
  note: optionalText(1000, 'De toelichting bij de bron mag hoogstens 1000 tekens lang zijn.'),
  /** When the source text was written or published; a citation uses its year. */
  date: partialDateSchema.optional(),
});

/**
 * A number as a Dutch speaker types it: "12.500", "12 500,50", "€ 1.200", "0,5". A comma is the
 * decimal mark; a point is one too unless it groups thousands (1.200 or 12.500.000).
 */
export function numberFromDutch(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  let s = value.replace(/[€\s\u00a0]/g, '').replace(/^eur(o)?/i, '');
  if (s === '') return undefined;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  // A group of thousands never starts with 0: "0.125" is a fraction, "1.250" is twelve hundred fifty.
  else if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : value;
}

const dutchNumber = (message: string) => z.preprocess(numberFromDutch, z.number({ error: message }));

const fte = dutchNumber('Vul de personeelsinzet in voltijdse equivalenten in, bijvoorbeeld 0,5.').pipe(
  z
    .number()
    .min(0, { error: 'De personeelsinzet kan niet negatief zijn.' })
    .max(1000, { error: 'Vul een personeelsinzet in tot 1000 VTE.' }),
);

export const costsSchema = z.object({
  amountEur: dutchNumber('Vul het bedrag in euro in als een getal, bijvoorbeeld 12500 of 12.500,50.')
    .pipe(
      z
        .number()
        .min(0, { error: 'Het bedrag kan niet negatief zijn.' })
        .max(100_000_000, { error: 'Vul een bedrag in tot 100 miljoen euro.' })
        .refine((n) => Math.round(n * 100) === n * 100 || Math.abs(Math.round(n * 100) - n * 100) < 1e-6, {
          error: 'Vul het bedrag in met hoogstens twee cijfers na de komma.',
        }),
    )
    .optional(),
  period: z.enum(valuesOf(COST_PERIODS), { error: 'Kies of het bedrag eenmalig is of per jaar.' }).optional(),
  note: optionalText(1000, 'Wat de kosten dekken mag hoogstens 1000 tekens lang zijn.'),
});

export const reachSchema = z.object({
  count: dutchNumber('Vul bij het bereik een aantal in, bijvoorbeeld 120.')
    .pipe(
      z
        .number()
        .int({ error: 'Vul bij het bereik een geheel aantal in, bijvoorbeeld 120.' })
        .min(0, { error: 'Het bereik kan niet negatief zijn.' })
        .max(10_000_000, { error: 'Vul bij het bereik een aantal in tot 10 miljoen.' }),
    )
    .optional(),
  unit: z.enum(valuesOf(REACH_UNITS), { error: 'Kies wat het aantal telt: personen, gezinnen, organisaties, ...' }).optional(),
  year: year('het jaar van het bereik').optional(),
});

export const evaluationSchema = z.object({
  kind: z.enum(valuesOf(EVALUATION_KINDS), { error: 'Kies of de praktijk niet, intern of extern geëvalueerd is.' }).optional(),
  summary: optionalText(2000, 'De samenvatting van de evaluatie mag hoogstens 2000 tekens lang zijn.'),
  url: httpUrl.optional(),
});

/** A file attached to a practice: the stored file (by content hash) and how it is shown. */
export const materialSchema = z.object({
  fileHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Dit bestand is niet (meer) bekend: voeg het opnieuw toe.' }),
  fileName: text(200, 'Het bestand heeft geen naam.', 'Een bestandsnaam mag hoogstens 200 tekens lang zijn.'),
  mediaType: z.enum(MATERIAL_MEDIA_TYPES, { error: 'Dit soort bestand kan niet bij een praktijk.' }),
  bytes: z.int().min(1).max(MAX_MATERIAL_BYTES),
  title: text(200, 'Geef elk bestand een titel, bijvoorbeeld "Draaiboek".', 'De titel van een bestand mag hoogstens 200 tekens lang zijn.'),
  /** What an image shows, for who cannot see it; required for images, which the page shows as figures. */
  description: optionalText(500, 'De beschrijving van een bestand mag hoogstens 500 tekens lang zijn.'),
});

/** The fields of a practice, before the rules that tie fields together (see practiceRules). */
export const practiceFieldsSchema = z.object({
  title: text(200, 'Vul de titel van de praktijk in.', 'De titel mag hoogstens 200 tekens lang zijn.'),
  summary: text(
    MAX_SUMMARY_LENGTH,
    'Vul een korte samenvatting in.',
    (length) => `De samenvatting mag hoogstens ${MAX_SUMMARY_LENGTH} tekens lang zijn. Ze is nu ${length} tekens lang: maak ze ${length - MAX_SUMMARY_LENGTH} ${length - MAX_SUMMARY_LENGTH === 1 ? 'teken' : 'tekens'} korter.`,
  ),
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
  /** What makes it work (werkzame elementen). */
  workingElements: optionalText(5000, 'De werkzame elementen mogen hoogstens 5000 tekens lang zijn.'),
  /** What another municipality needs to take it over: conditions, partners, skills. */
  transferability: optionalText(5000, 'Wat nodig is om de praktijk over te nemen mag hoogstens 5000 tekens lang zijn.'),
  costs: costsSchema.prefault({}),
  funding: z
    .array(z.enum(valuesOf(FUNDING_SOURCES), { error: 'Kies een financieringsbron uit de lijst.' }))
    .default([])
    .transform(distinct),
  staffFte: fte.optional(),
  reach: reachSchema.prefault({}),
  evaluation: evaluationSchema.prefault({}),
  materials: z.array(materialSchema).max(MAX_MATERIALS, { error: `Voeg hoogstens ${MAX_MATERIALS} bestanden toe.` }).default([]),
  contactName: optionalText(200, 'De naam van de contactpersoon mag hoogstens 200 tekens lang zijn.'),
  contactRole: optionalText(200, 'De functie van de contactpersoon mag hoogstens 200 tekens lang zijn.'),
  contactOrganisation: optionalText(200, 'De naam van de contactorganisatie mag hoogstens 200 tekens lang zijn.'),
  contactEmail: z
    .email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.' })
    .max(254, { error: 'Een e-mailadres mag hoogstens 254 tekens lang zijn.' })
    .optional(),
  /** The submitter agreed to show the contact e-mail publicly; without that it stays private. */
  contactEmailPublic: z.boolean().default(false),
});

type PracticeRuleSubject = Pick<
  z.infer<typeof practiceFieldsSchema>,
  'municipalities' | 'provinces' | 'startYear' | 'endYear' | 'ongoing' | 'costs' | 'reach' | 'evaluation' | 'materials'
> & {
  /** Undefined while the scale itself is not validly chosen. */
  readonly scale: z.infer<typeof practiceFieldsSchema>['scale'] | undefined;
};

interface RuleIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** The problems between fields of a practice whose fields are each valid (or left at a neutral value). */
function ruleIssuesOf(practice: PracticeRuleSubject): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ctx = { addIssue: (issue: RuleIssue & { code: 'custom' }) => void issues.push({ path: issue.path, message: issue.message }) };
  if (practice.scale !== 'vlaams' && practice.municipalities.length === 0 && practice.provinces.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['municipalities'],
      // Said together with "kies de schaal": which of the two the user fixes first is theirs to choose.
      message:
        practice.scale === undefined
          ? 'Kies minstens één gemeente waar de praktijk loopt, of kies de schaal "Vlaams" als ze voor heel Vlaanderen geldt.'
          : 'Kies minstens één gemeente waar de praktijk loopt.',
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
  const { costs, reach, evaluation } = practice;
  if (costs.amountEur !== undefined && costs.period === undefined) {
    ctx.addIssue({ code: 'custom', path: ['costs', 'period'], message: 'Kies of het bedrag eenmalig is of per jaar.' });
  }
  if (costs.amountEur === undefined && costs.period !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['costs', 'amountEur'], message: 'Vul het bedrag in, of laat ook "eenmalig of per jaar" leeg.' });
  }
  if (reach.count !== undefined && reach.unit === undefined) {
    ctx.addIssue({ code: 'custom', path: ['reach', 'unit'], message: 'Kies wat het aantal telt: personen, gezinnen, organisaties, ...' });
  }
  if (reach.count === undefined && (reach.unit !== undefined || reach.year !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['reach', 'count'], message: 'Vul bij het bereik het aantal in.' });
  }
  if (evaluation.kind === undefined && (evaluation.summary !== undefined || evaluation.url !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['evaluation', 'kind'], message: 'Kies of de evaluatie intern of extern was.' });
  }
  if (evaluation.kind === 'geen' && (evaluation.summary !== undefined || evaluation.url !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['evaluation', 'kind'],
      message: 'U beschrijft een evaluatie: kies "interne" of "externe evaluatie" in plaats van "niet geëvalueerd".',
    });
  }
  practice.materials.forEach((material, index) => {
    if (materialTypeOf(material.mediaType)?.image && material.description === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['materials', index, 'description'],
        message: `Beschrijf wat er op de afbeelding "${material.fileName}" staat, voor wie ze niet kan zien.`,
      });
    }
  });
  const hashes = practice.materials.map((m) => m.fileHash);
  if (new Set(hashes).size !== hashes.length) {
    ctx.addIssue({ code: 'custom', path: ['materials'], message: 'Hetzelfde bestand is twee keer toegevoegd: laat er één weg.' });
  }
  return issues;
}

// The fields the rules read, each with the value that keeps a rule quiet when the field itself is invalid.
const RULE_FALLBACKS: { readonly [K in keyof PracticeRuleSubject]: PracticeRuleSubject[K] } = {
  scale: undefined,
  municipalities: [],
  provinces: [],
  startYear: undefined,
  endYear: undefined,
  ongoing: false,
  costs: { note: undefined },
  reach: {},
  evaluation: { summary: undefined },
  materials: [],
};
type RuleKey = keyof PracticeRuleSubject;
const RULE_KEYS = Object.keys(RULE_FALLBACKS) as RuleKey[];
// Which fields a rule's message depends on, by where it is shown; otherwise only the field it is shown beside.
const RULE_INPUTS: Partial<Record<PropertyKey, readonly RuleKey[]>> = { municipalities: ['municipalities', 'provinces'], endYear: ['startYear', 'endYear', 'ongoing'] };

/**
 * The rules between fields, shared by every schema built on the practice's fields. With
 * ALWAYS_CHECK_RULES they run even when other fields are invalid, so a form or an import names every
 * problem at once; a rule speaks only when every field it reads is valid on its own.
 */
export function practiceRules<T>(practice: T, ctx: z.RefinementCtx<T>): void {
  if (typeof practice !== 'object' || practice === null) return;
  const invalid = new Set(ctx.issues.map((issue) => issue.path?.[0]));
  const value = practice as Record<string, unknown>;
  const subject = Object.fromEntries(RULE_KEYS.map((key) => [key, invalid.has(key) ? RULE_FALLBACKS[key] : value[key]])) as unknown as PracticeRuleSubject;
  for (const issue of ruleIssuesOf(subject)) {
    const [first] = issue.path;
    const inputs = (first !== undefined && RULE_INPUTS[first]) || [first as RuleKey];
    if (!inputs.some((key) => invalid.has(key))) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
}

/** zod skips a refinement once a field failed; the rules between fields run anyway (practiceRules guards itself). */
export const ALWAYS_CHECK_RULES = { when: () => true } as const;

/** Everything a practice holds that a person (or a seed file, or an import) provides. */
export const practiceInputSchema = practiceFieldsSchema.superRefine(practiceRules, ALWAYS_CHECK_RULES);

export type PracticeInput = z.infer<typeof practiceInputSchema>;
export type PracticeInputDraft = z.input<typeof practiceInputSchema>;
export type PracticeSections = z.infer<typeof sectionsSchema>;
export type PracticeLink = z.infer<typeof linkSchema>;
export type PracticeSource = z.infer<typeof sourceSchema>;
export type PracticeCosts = z.infer<typeof costsSchema>;
export type PracticeReach = z.infer<typeof reachSchema>;
export type PracticeEvaluation = z.infer<typeof evaluationSchema>;
export type PracticeMaterial = z.infer<typeof materialSchema>;

/** A moderator's judgement of how well the practice is known to work (the "stand van de praktijk"). */
export interface EvidenceJudgement {
  readonly level: EvidenceLevel;
  readonly justification: string;
  /** ISO timestamp of the decision. */
  readonly decidedAt: string;
}

export const SECTION_KEYS = ['aanleiding', 'aanpak', 'resultaten', 'leerpunten'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const publicationStatusSchema = z.enum(valuesOf(PUBLICATION_STATUSES));

/** Another municipality that runs the practice too, approved by a moderator ("wij doen dit ook", migration 015). */
export interface PracticeAdoption {
  /** The adopting municipality's NIS code. */
  readonly nisCode: string;
  /** The year it started. */
  readonly since: number;
}

/** A stored practice: the input plus what the system keeps about it. */
export interface Practice extends PracticeInput {
  readonly id: number;
  readonly slug: string;
  readonly status: z.infer<typeof publicationStatusSchema>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | undefined;
  /** When someone last checked that the description still holds (ISO timestamp); undefined: never. */
  readonly lastVerifiedAt: string | undefined;
  /** The moderators' judgement; undefined while none was made. */
  readonly evidence: EvidenceJudgement | undefined;
  /** Approved adoptions, the most recent start first; a practice read from the store always has them (a preview has none). */
  readonly adoptions?: readonly PracticeAdoption[];
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
    workingElements: practice.workingElements,
    transferability: practice.transferability,
    costs: practice.costs,
    funding: practice.funding,
    staffFte: practice.staffFte,
    reach: practice.reach,
    evaluation: practice.evaluation,
    materials: practice.materials,
    contactName: practice.contactName,
    contactRole: practice.contactRole,
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

/**
 * Content kept before issue 12 lacks the fields it added: they are filled with their empty values, so
 * every PracticeInput has the same shape whatever its age.
 */
export function withCurrentShape(content: Omit<PracticeInput, 'costs' | 'funding' | 'reach' | 'evaluation' | 'materials'> & Partial<PracticeInput>): PracticeInput {
  return { costs: { note: undefined }, funding: [], reach: {}, evaluation: { summary: undefined }, materials: [], ...content };
}
