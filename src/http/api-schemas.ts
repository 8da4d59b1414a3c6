// What the JSON API answers, as zod schemas: the presenter's return type is inferred from them and
// the OpenAPI description (openapi.ts) is generated from them, so the documentation cannot drift.
// Strict objects: a field that is not described here (a private e-mail, say) fails the tests.
import { z } from 'zod';
import { FACET_KEYS, type FacetKey, SEARCH_PARAMETER_VALUES, SORTS, type Sort } from '../domain/search-query.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, valuesOf } from '../domain/vocabulary.js';

const nullableText = (description: string) => z.string().nullable().meta({ description });
const httpUrl = z.url({ protocol: /^https?$/ });

export const practiceApiSchema = z
  .strictObject({
    slug: z.string().meta({ description: 'Vaste sleutel van de praktijk, ook in haar adres.' }),
    title: z.string().meta({ description: 'Titel.' }),
    summary: z.string().meta({ description: 'Korte samenvatting.' }),
    sections: z
      .strictObject({
        aanleiding: nullableText('Aanleiding; null als de bron er niets over zegt.'),
        aanpak: nullableText('Aanpak.'),
        resultaten: nullableText('Resultaten.'),
        leerpunten: nullableText('Leerpunten.'),
      })
      .meta({ description: 'De beschrijving in vier delen; alinea\'s zijn gescheiden door een lege regel.' }),
    municipalities: z
      .array(
        z.strictObject({
          nisCode: z.string().regex(/^\d{5}$/).meta({ description: 'NIS-code van de gemeente.' }),
          name: z.string().meta({ description: 'Naam van de gemeente.' }),
          province: z.enum(valuesOf(PROVINCES)).nullable().meta({ description: 'Provincie van de gemeente.' }),
        }),
      )
      .meta({ description: 'Gemeenten waar de praktijk loopt.' }),
    provinces: z.array(z.enum(valuesOf(PROVINCES))).meta({ description: 'Provincies: die van de gemeenten en die de praktijk zelf noemt.' }),
    scale: z.enum(valuesOf(SCALES)).meta({ description: 'Schaal.' }),
    themes: z.array(z.enum(valuesOf(THEMES))).meta({ description: 'Thema\'s (minstens één).' }),
    targetGroups: z.array(z.enum(valuesOf(TARGET_GROUPS))).meta({ description: 'Doelgroepen.' }),
    lifeDomains: z.array(z.enum(valuesOf(LIFE_DOMAINS))).meta({ description: 'Levensdomeinen.' }),
    partners: z.array(z.string()).meta({ description: 'Partnerorganisaties.' }),
    period: z
      .strictObject({
        startYear: z.int().nullable().meta({ description: 'Beginjaar.' }),
        endYear: z.int().nullable().meta({ description: 'Eindjaar.' }),
        ongoing: z.boolean().meta({ description: 'De praktijk loopt nog.' }),
      })
      .meta({ description: 'Looptijd.' }),
    links: z
      .array(z.strictObject({ url: httpUrl.meta({ description: 'Webadres.' }), label: nullableText('Omschrijving van de link.') }))
      .meta({ description: 'Links naar meer informatie.' }),
    source: z
      .strictObject({
        title: z.string().meta({ description: 'Titel van de bron.' }),
        publisher: nullableText('Uitgever van de bron.'),
        url: httpUrl.nullable().meta({ description: 'Webadres van de bron.' }),
        note: nullableText('Toelichting bij de bron.'),
      })
      .meta({ description: 'Waar de beschrijving vandaan komt.' }),
    contactOrganisation: nullableText('Contactorganisatie.'),
    contactEmail: z.email().nullable().meta({ description: 'Contactadres, alleen als de indiener toestemde het te tonen; anders null.' }),
    publishedAt: z.iso.datetime().nullable().meta({ description: 'Moment van publicatie (ISO 8601, UTC).' }),
    updatedAt: z.iso.datetime().meta({ description: 'Laatste wijziging (ISO 8601, UTC).' }),
    url: z.string().startsWith('/praktijken/').meta({ description: 'Adres van de pagina van de praktijk op deze site.' }),
  })
  .meta({ title: 'Praktijk', description: 'Een gepubliceerde praktijk.' });

const facetValueSchema = <K extends FacetKey>(key: K) =>
  z.strictObject({
    value: SEARCH_PARAMETER_VALUES[key].meta({ description: `Waarde, te gebruiken in de parameter ${key}.` }),
    label: z.string().meta({ description: 'Nederlandse naam van de waarde.' }),
    count: z.int().min(0).meta({ description: 'Aantal praktijken met deze waarde binnen de zoekopdracht.' }),
  });

type FacetsShape = { [K in FacetKey]: z.ZodArray<ReturnType<typeof facetValueSchema<K>>> };
const facetsShape = Object.fromEntries(FACET_KEYS.map((key) => [key, z.array(facetValueSchema(key))])) as FacetsShape;

export const practiceListSchema = z
  .strictObject({
    total: z.int().min(0).meta({ description: 'Aantal gevonden praktijken, over alle pagina\'s.' }),
    page: z.int().min(1).meta({ description: 'Deze pagina.' }),
    pageSize: z.int().min(1).meta({ description: 'Aantal praktijken per pagina.' }),
    sort: z.enum(SORTS.map((s) => s.value) as [Sort, ...Sort[]]).meta({ description: 'De sortering die gebruikt is.' }),
    allWords: z.boolean().meta({ description: 'Alle zoekwoorden kwamen voor; false als minder strikt gezocht werd.' }),
    items: z.array(practiceApiSchema).meta({ description: 'De praktijken van deze pagina.' }),
    facets: z
      .strictObject(facetsShape)
      .meta({ description: 'Per filter de waarden die binnen deze zoekopdracht voorkomen, met hun aantal.' }),
  })
  .meta({ title: 'Zoekresultaat', description: 'Eén pagina zoekresultaten met de filters en hun aantallen.' });

export const apiErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: 'Vaste code: bad_request (400), not_found (404), internal_error (500), ...' }),
      message: z.string().meta({ description: 'Uitleg in het Nederlands.' }),
      details: z
        .array(
          z.strictObject({
            parameter: z.string().meta({ description: 'De parameter die niet klopt.' }),
            message: z.string().meta({ description: 'Wat er niet aan klopt.' }),
          }),
        )
        .optional()
        .meta({ description: 'Bij 400: één regel per ongeldige parameter.' }),
    }),
  })
  .meta({ title: 'Fout', description: 'Elke fout van de API.' });

export type PracticeApiView = z.infer<typeof practiceApiSchema>;
export type PracticeList = z.infer<typeof practiceListSchema>;

/** The schemas the OpenAPI description names under components/schemas, by their name there. */
export const API_COMPONENTS = { Practice: practiceApiSchema, PracticeList: practiceListSchema, Error: apiErrorSchema } as const;
