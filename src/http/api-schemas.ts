// What the JSON API answers, as zod schemas: the presenter's return type is inferred from them and
// the OpenAPI description (openapi.ts) is generated from them, so the documentation cannot drift.
// Strict objects: a field that is not described here (a private e-mail, say) fails the tests.
import { z } from 'zod';
import { COMPLETENESS_ELEMENTS, type CompletenessElement } from '../domain/completeness.js';
import { MATERIAL_MEDIA_TYPES } from '../domain/material-types.js';
import { FACET_KEYS, type FacetKey, SEARCH_PARAMETER_VALUES, SORTS, type Sort } from '../domain/search-query.js';
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
  valuesOf,
} from '../domain/vocabulary.js';

const nullableText = (description: string) => z.string().nullable().meta({ description });
const httpUrl = z.url({ protocol: /^https?$/ });
const sitePath = (description: string) => z.string().startsWith('/').meta({ description });
const COMPLETENESS_KEYS = COMPLETENESS_ELEMENTS.map((e) => e.key) as [CompletenessElement, ...CompletenessElement[]];
const completenessList = COMPLETENESS_ELEMENTS.map((e) => `${e.key} (${e.label})`).join(', ');

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
    themes: z.array(z.enum(valuesOf(THEMES))).meta({ description: 'Thema’s (minstens één).' }),
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
        date: z
          .string()
          .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
          .nullable()
          .meta({ description: 'Datum van de brontekst (ISO 8601), zo precies als de bron ze geeft: 2018, 2018-02 of 2018-02-23; null als onbekend.' }),
      })
      .meta({ description: 'Waar de beschrijving vandaan komt.' }),
    contactOrganisation: nullableText('Contactorganisatie (dezelfde waarde als contact.organisation).'),
    contactEmail: z.email().nullable().meta({ description: 'Contactadres, alleen als de indiener toestemde het te tonen; anders null (dezelfde waarde als contact.email).' }),
    publishedAt: z.iso.datetime().nullable().meta({ description: 'Moment van publicatie (ISO 8601, UTC).' }),
    updatedAt: z.iso.datetime().meta({ description: 'Laatste wijziging (ISO 8601, UTC).' }),
    url: z.string().startsWith('/praktijken/').meta({ description: 'Adres van de pagina van de praktijk op deze site.' }),
    workingElements: nullableText('Werkzame elementen: wat de praktijk doet werken; null als onbekend.'),
    transferability: nullableText('Wat een andere gemeente nodig heeft om de praktijk over te nemen (voorwaarden, partners, vaardigheden); null als onbekend.'),
    costs: z
      .strictObject({
        amountEur: z.number().min(0).nullable().meta({ description: 'Bedrag in euro (hoogstens twee cijfers na de komma); null als onbekend.' }),
        period: z.enum(valuesOf(COST_PERIODS)).nullable().meta({ description: 'Of het bedrag eenmalig is of per jaar; null als er geen bedrag is.' }),
        note: nullableText('Wat het bedrag dekt.'),
      })
      .meta({ description: 'Kosten en middelen; elk deel null als onbekend.' }),
    funding: z.array(z.enum(valuesOf(FUNDING_SOURCES))).meta({ description: 'Financieringsbronnen (leeg als onbekend).' }),
    staffFte: z.number().min(0).nullable().meta({ description: 'Personeelsinzet in voltijdse equivalenten (VTE); null als onbekend.' }),
    reach: z
      .strictObject({
        count: z.int().min(0).nullable().meta({ description: 'Aantal bereikten; null als onbekend.' }),
        unit: z.enum(valuesOf(REACH_UNITS)).nullable().meta({ description: 'Wat het aantal telt.' }),
        year: z.int().nullable().meta({ description: 'Het jaar waarin het aantal geteld is.' }),
      })
      .meta({ description: 'Bereik: hoeveel personen, gezinnen, organisaties, ... de praktijk bereikte.' }),
    evaluation: z
      .strictObject({
        kind: z.enum(valuesOf(EVALUATION_KINDS)).nullable().meta({ description: 'Niet (geen), intern of extern geëvalueerd; null als onbekend.' }),
        summary: nullableText('Korte samenvatting van de evaluatie.'),
        url: httpUrl.nullable().meta({ description: 'Webadres van het evaluatierapport.' }),
      })
      .meta({ description: 'Evaluatie van de praktijk. Een bijgevoegd rapport staat bij materials.' }),
    contact: z
      .strictObject({
        name: nullableText('Naam van de contactpersoon.'),
        role: nullableText('Functie van de contactpersoon.'),
        organisation: nullableText('Organisatie van de contactpersoon.'),
        email: z.email().nullable().meta({ description: 'E-mailadres, alleen als de indiener toestemde het te tonen; anders null. Een privé-adres staat nooit in de API.' }),
      })
      .meta({ description: 'De contactpersoon; elk deel null als onbekend of niet openbaar.' }),
    lastVerifiedAt: z.iso.datetime().nullable().meta({ description: 'Laatst nagekeken: wanneer iemand bevestigde dat de beschrijving nog klopt (ISO 8601, UTC); null als dat nog niet gebeurde.' }),
    recentlyVerified: z.boolean().meta({ description: 'Of de praktijk de laatste 18 maanden nagekeken werd (lastVerifiedAt, anders publishedAt). false: de site toont ze als niet recent nagekeken; filter erop met notRecentlyVerified=true.' }),
    evidenceLevel: z
      .strictObject({
        level: z.enum(valuesOf(EVIDENCE_LEVELS)).meta({ description: 'De trede op de ladder: beschreven, onderbouwd, geevalueerd of overgenomen.' }),
        label: z.string().meta({ description: 'De Nederlandse naam van de trede.' }),
        justification: z.string().meta({ description: 'Waarom de moderatoren deze trede kozen.' }),
        decidedAt: z.iso.datetime().meta({ description: 'Wanneer de moderatoren beslisten (ISO 8601, UTC).' }),
      })
      .nullable()
      .meta({ description: 'Stand van de praktijk, beslist door de moderatoren (uitleg op /stand-van-de-praktijk); null zolang er geen beslissing is.' }),
    materials: z
      .array(
        z.strictObject({
          title: z.string().meta({ description: 'Titel van het bestand.' }),
          fileName: z.string().meta({ description: 'Bestandsnaam.' }),
          mediaType: z.enum(MATERIAL_MEDIA_TYPES).meta({ description: 'Soort bestand (media type).' }),
          bytes: z.int().min(1).meta({ description: 'Grootte in bytes.' }),
          url: sitePath('Adres om het bestand te downloaden, een pad op deze site (zoals url): zet er het adres van de site voor.'),
        }),
      )
      .meta({ description: 'Materiaal om mee te starten: draaiboek, handleiding, evaluatierapport, affiche, foto\'s.' }),
    completeness: z
      .strictObject({
        score: z.int().min(0).max(100).meta({ description: 'Aandeel van de elementen die een overnemer nodig heeft dat bekend is, in procent.' }),
        missing: z.array(z.enum(COMPLETENESS_KEYS)).meta({ description: `Wat we nog niet weten: ${completenessList}.` }),
      })
      .meta({ description: 'Volledigheid: welke elementen om de praktijk over te nemen nog ontbreken.' }),
    adoptions: z
      .array(
        z.strictObject({
          municipality: z
            .strictObject({
              nisCode: z.string().regex(/^\d{5}$/).meta({ description: 'NIS-code van de gemeente.' }),
              name: z.string().meta({ description: 'Naam van de gemeente.' }),
            })
            .meta({ description: 'De gemeente die de praktijk overnam.' }),
          since: z.int().min(1990).meta({ description: 'Het jaar waarin die gemeente ermee begon.' }),
        }),
      )
      .meta({ description: 'Overgenomen door: andere gemeenten die lieten weten dat ze de praktijk ook uitvoeren ("wij doen dit ook"), bevestigd per e-mail en goedgekeurd door een moderator; het recentst gestarte eerst. Filter erop met adoptedBy.' }),
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
    correctedQuery: z
      .string()
      .nullable()
      .meta({ description: 'De zoekopdracht zoals gezocht, als woorden die de catalogus niet kent gezocht werden als een woord dat er sterk op lijkt ("winteropvnag" als "winteropvang"); anders null.' }),
    suggestions: z
      .array(
        z.strictObject({
          q: z.string().meta({ description: 'Een zoekopdracht met de dichtstbijzijnde woorden uit de catalogus.' }),
          total: z.int().min(1).meta({ description: 'Aantal praktijken dat ze vindt, met dezelfde filters.' }),
        }),
      )
      .meta({ description: 'Alleen als niets gevonden werd: "Bedoelde u ...?"; anders leeg.' }),
    nearThemes: z
      .array(
        z.strictObject({
          value: SEARCH_PARAMETER_VALUES.theme.meta({ description: 'Waarde, te gebruiken in de parameter theme.' }),
          label: z.string().meta({ description: 'Nederlandse naam van het thema.' }),
          count: z.int().min(1).meta({ description: 'Aantal praktijken van dit thema met minstens één van de zoekwoorden.' }),
        }),
      )
      .meta({ description: 'Alleen als niets gevonden werd: de thema’s die het dichtst in de buurt komen; anders leeg.' }),
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
