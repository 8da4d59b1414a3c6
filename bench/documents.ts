// What the search engines are given of a practice: the fields the catalogue indexes. Mirrors the
// private searchDocumentOf of src/domain/catalogue.ts, so the bench can build an index and an FTS5 table
// over exactly that text; keep the two in step.
import { bodyOf } from '../src/domain/catalogue.js';
import { municipalityByCode } from '../src/domain/municipalities.js';
import { type Practice, provincesOf } from '../src/domain/practice.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, labelOf } from '../src/domain/vocabulary.js';
import type { SearchDocument } from '../src/search/search-index.js';

export function documentOf(practice: Practice): SearchDocument {
  const tags = [
    ...practice.themes.map((v) => labelOf(THEMES, v)),
    ...practice.targetGroups.map((v) => labelOf(TARGET_GROUPS, v)),
    ...practice.lifeDomains.map((v) => labelOf(LIFE_DOMAINS, v)),
    ...practice.municipalities.map((code) => municipalityByCode(code)?.name ?? ''),
    ...provincesOf(practice).map((v) => labelOf(PROVINCES, v)),
    labelOf(SCALES, practice.scale),
    ...practice.partners,
    practice.contactOrganisation ?? '',
  ];
  return { id: practice.id, title: practice.title, summary: practice.summary, body: bodyOf(practice), tags: tags.join('\n') };
}
