// Machine-readable descriptions: schema.org JSON-LD for a practice page and the DCAT-AP Vlaanderen
// description of the whole catalogue as one dataset. Only public fields are picked, never a private contact e-mail.
import { materialTypeOf } from '../../domain/material-types.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import { type Practice, provincesOf } from '../../domain/practice.js';
import { PROVINCES, THEMES, labelOf } from '../../domain/vocabulary.js';
import { paths } from '../../paths.js';
import { absoluteUrl } from '../public-url.js';

/** The licence of the catalogue's data (see docs/open-data.md for why this one). */
export const DATA_LICENCE = {
  name: 'Modellicentie Gratis Hergebruik – v1.0',
  uri: 'https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0',
  /** The human-readable text of the licence. */
  documentUrl: 'https://data.vlaanderen.be/doc/licentie/modellicentie-gratis-hergebruik/v1.0',
} as const;

export const SITE_NAME = 'Praktijkbank';
export const DATASET_TITLE = 'Praktijkbank: goede praktijken lokaal sociaal beleid';
export const DATASET_DESCRIPTION =
  'Goede praktijken van Vlaamse steden, gemeenten en organisaties in het lokaal sociaal beleid: per praktijk een samenvatting, ' +
  'aanleiding, aanpak, resultaten en leerpunten, met thema, doelgroep, levensdomein, gemeenten (NIS-code), provincie, schaal, ' +
  'periode, partners en de bron. Alleen gepubliceerde praktijken, nagekeken door een moderator.';

/**
 * JSON for inside a <script type="application/ld+json"> element. JSON.stringify alone is not enough:
 * a "</script>" in a title would end the element, and "<!--" would change how the HTML parser reads
 * it. Escaping every <, > and & as \u003c, \u003e, \u0026 keeps the same JSON value and leaves no
 * markup; U+2028 and U+2029 are escaped for older JavaScript parsers that read JSON as script.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The ISO 8601 interval a practice ran: "2019/2021", "2019/.." while it still runs. */
function temporalCoverageOf(practice: Practice): string | undefined {
  const { startYear, endYear, ongoing } = practice;
  if (startYear === undefined) return undefined;
  if (ongoing) return `${startYear}/..`;
  return endYear === undefined ? String(startYear) : `${startYear}/${endYear}`;
}

function spatialCoverageOf(practice: Practice) {
  const province = (value: string) => ({ '@type': 'AdministrativeArea', name: labelOf(PROVINCES, value) });
  if (practice.municipalities.length > 0) {
    return practice.municipalities.map((code) => {
      const m = municipalityByCode(code);
      return {
        '@type': 'AdministrativeArea',
        name: m?.name ?? code,
        identifier: { '@type': 'PropertyValue', propertyID: 'NIS', value: code },
        ...(m ? { containedInPlace: province(m.province) } : {}),
      };
    });
  }
  const provinces = provincesOf(practice);
  return provinces.length > 0 ? provinces.map(province) : [{ '@type': 'AdministrativeArea', name: 'Vlaanderen' }];
}

const organisation = (name: string) => ({ '@type': 'Organization', name });

/**
 * The organisation behind the practice. Its contact person hangs on it only when the practice names that
 * organisation itself (not a source's publisher, who may be someone else); the e-mail only when public.
 */
function sourceOrganisationOf(practice: Practice) {
  const name = practice.contactOrganisation ?? practice.source.publisher;
  if (!name) return undefined;
  const email = practice.contactEmailPublic ? practice.contactEmail : undefined;
  const hasContact = practice.contactOrganisation !== undefined && (practice.contactName || practice.contactRole || email);
  if (!hasContact) return organisation(name);
  return {
    ...organisation(name),
    contactPoint: {
      '@type': 'ContactPoint',
      ...(practice.contactName ? { name: practice.contactName } : {}),
      ...(practice.contactRole ? { contactType: practice.contactRole } : {}),
      ...(email ? { email } : {}),
    },
  };
}

/** The materials as schema.org media objects at their public, absolute address. */
function associatedMediaOf(practice: Practice, origin: string) {
  return practice.materials.map((m) => ({
    '@type': materialTypeOf(m.mediaType)?.image ? 'ImageObject' : 'MediaObject',
    name: m.title,
    ...(m.description ? { description: m.description } : {}),
    encodingFormat: m.mediaType,
    contentSize: `${m.bytes} B`,
    contentUrl: absoluteUrl(origin, paths.material(practice.slug, m)),
  }));
}

/** schema.org description of one practice, for search engines and harvesters. */
export function practiceJsonLd(practice: Practice, origin: string) {
  const url = absoluteUrl(origin, paths.practice(practice.slug));
  const temporalCoverage = temporalCoverageOf(practice);
  const sourceOrganisation = sourceOrganisationOf(practice);
  const media = associatedMediaOf(practice, origin);
  return {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    '@id': url,
    url,
    name: practice.title,
    description: practice.summary,
    inLanguage: 'nl-BE',
    ...(practice.publishedAt ? { datePublished: practice.publishedAt } : {}),
    dateModified: practice.updatedAt,
    keywords: practice.themes.map((t) => labelOf(THEMES, t)),
    spatialCoverage: spatialCoverageOf(practice),
    ...(temporalCoverage ? { temporalCoverage } : {}),
    publisher: { '@type': 'Organization', name: SITE_NAME, url: absoluteUrl(origin, paths.home()) },
    ...(sourceOrganisation ? { sourceOrganization: sourceOrganisation } : {}),
    isBasedOn: {
      '@type': 'CreativeWork',
      name: practice.source.title,
      ...(practice.source.publisher ? { publisher: organisation(practice.source.publisher) } : {}),
      ...(practice.source.url ? { url: practice.source.url } : {}),
      // As precise as the source gives it: 2018, 2018-02 or 2018-02-23 are all ISO 8601 dates.
      ...(practice.source.date ? { datePublished: practice.source.date } : {}),
    },
    ...(media.length > 0 ? { associatedMedia: media } : {}),
    license: DATA_LICENCE.uri,
    isPartOf: { '@type': 'Dataset', name: DATASET_TITLE, url: absoluteUrl(origin, paths.openData()) },
  };
}

const nl = (value: string) => ({ '@value': value, '@language': 'nl' });
const ref = (iri: string) => ({ '@id': iri });
const dateTime = (iso: string) => ({ '@value': iso, '@type': 'xsd:dateTime' });

const ACCESS_PUBLIC = 'http://publications.europa.eu/resource/authority/access-right/PUBLIC';
const LANGUAGE_NL = 'http://publications.europa.eu/resource/authority/language/NLD';
const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
const MEDIA_TYPE = 'http://www.iana.org/assignments/media-types/';
// The data themes DCAT-AP Vlaanderen uses (Belgif): population and society, government and public sector.
const DATA_THEMES = ['http://vocab.belgif.be/auth/datatheme/SOCI', 'http://vocab.belgif.be/auth/datatheme/GOVE'];

/** The latest moment a published practice appeared or changed; undefined for an empty catalogue. */
export function latestChangeOf(practices: readonly Practice[]): string | undefined {
  let latest: string | undefined;
  for (const p of practices) {
    for (const moment of [p.publishedAt, p.updatedAt]) if (moment && (latest === undefined || moment > latest)) latest = moment;
  }
  return latest;
}

/** The catalogue as a DCAT-AP Vlaanderen dcat:Catalog holding one dcat:Dataset with four ways to get it. */
export function catalogueJsonLd(practices: readonly Practice[], origin: string) {
  const abs = (path: string) => absoluteUrl(origin, path);
  const page = abs(paths.openData());
  const id = (fragment: string) => `${page}#${fragment}`;
  const modified = latestChangeOf(practices);
  const issued = practices.reduce<string | undefined>((first, p) => (p.publishedAt && (first === undefined || p.publishedAt < first) ? p.publishedAt : first), undefined);
  const licence = ref(DATA_LICENCE.uri);
  const publisher = { '@id': id('uitgever'), '@type': 'foaf:Agent', 'foaf:name': nl(SITE_NAME), 'foaf:homepage': ref(abs(paths.home())) };
  const distribution = (fragment: string, title: string, description: string, url: string, mediaType: string, format?: string, extra: object = {}) => ({
    '@id': id(fragment),
    '@type': 'dcat:Distribution',
    'dct:title': nl(title),
    'dct:description': nl(description),
    'dcat:accessURL': ref(url),
    'dcat:mediaType': ref(`${MEDIA_TYPE}${mediaType}`),
    ...(format ? { 'dct:format': ref(`${FILE_TYPE}${format}`) } : {}),
    'dct:license': licence,
    ...extra,
  });
  const service = {
    '@id': id('api'),
    '@type': 'dcat:DataService',
    'dct:title': nl('Praktijkbank API v1'),
    'dct:description': nl('Zoeken in de gepubliceerde praktijken, met dezelfde filters als de website; antwoorden in JSON.'),
    'dcat:endpointURL': ref(abs(paths.api.practices())),
    'dcat:endpointDescription': ref(abs(paths.api.openapi())),
    'dcat:landingPage': ref(abs(paths.apiDocs())),
    'dcat:servesDataset': ref(id('dataset')),
    'dct:publisher': ref(publisher['@id']),
    'dct:accessRights': ref(ACCESS_PUBLIC),
    'dct:license': licence,
  };
  const used = new Set<string>(practices.flatMap((p) => p.themes));
  const keywords = THEMES.filter((t) => used.has(t.value)).map((t) => t.label);
  const dataset = {
    '@id': id('dataset'),
    '@type': 'dcat:Dataset',
    'dct:identifier': id('dataset'),
    'dct:title': nl(DATASET_TITLE),
    'dct:description': nl(DATASET_DESCRIPTION),
    'dct:publisher': ref(publisher['@id']),
    'dcat:contactPoint': { '@type': 'vcard:Kind', 'vcard:fn': SITE_NAME, 'vcard:hasURL': ref(abs(paths.about())) },
    'dcat:theme': DATA_THEMES.map(ref),
    'dcat:keyword': ['lokaal sociaal beleid', 'goede praktijken', 'welzijn', ...keywords].map(nl),
    'dct:language': ref(LANGUAGE_NL),
    'dct:accessRights': ref(ACCESS_PUBLIC),
    'dcat:landingPage': ref(page),
    ...(issued ? { 'dct:issued': dateTime(issued) } : {}),
    ...(modified ? { 'dct:modified': dateTime(modified) } : {}),
    'dcat:distribution': [
      distribution('distributie-csv', 'Praktijken als CSV', 'Alle gepubliceerde praktijken, één rij per praktijk (UTF-8 met BOM, komma als scheidingsteken).', abs(paths.exportCsv()), 'text/csv', 'CSV', { 'dcat:downloadURL': ref(abs(paths.exportCsv())) }),
      distribution('distributie-json', 'Praktijken als JSON', 'Alle gepubliceerde praktijken in één JSON-document, in dezelfde vorm als de API.', abs(paths.exportJson()), 'application/json', 'JSON', { 'dcat:downloadURL': ref(abs(paths.exportJson())) }),
      distribution('distributie-api', 'Praktijken via de API', 'Zoeken en filteren via de JSON-API; beschreven in OpenAPI 3.1.', abs(paths.api.practices()), 'application/json', 'JSON', { 'dcat:accessService': ref(service['@id']) }),
      distribution('distributie-atom', 'Nieuwe praktijken als Atom-feed', 'De nieuwst gepubliceerde praktijken als Atom-feed.', abs(paths.feed()), 'application/atom+xml'),
    ],
  };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': id('catalogus'),
    '@type': 'dcat:Catalog',
    'dct:title': nl('Open-datacatalogus van Praktijkbank'),
    'dct:description': nl('De datasets die Praktijkbank als open data aanbiedt.'),
    'dct:publisher': publisher,
    'dct:license': licence,
    'dct:language': ref(LANGUAGE_NL),
    'foaf:homepage': ref(abs(paths.home())),
    ...(modified ? { 'dct:modified': dateTime(modified) } : {}),
    'dcat:dataset': [dataset],
    'dcat:service': [service],
  };
}
