// Which text of a practice goes into which field of its search document (search-document.ts).
import { municipalityByCode } from '../domain/municipalities.js';
import { type Practice, SECTION_KEYS, provincesOf } from '../domain/practice.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, labelOf } from '../domain/vocabulary.js';
import type { SearchDocument } from './search-document.js';

/**
 * The text of a practice that search and snippets look at beyond its title and summary: the sections,
 * then what a copier reads (working elements, what copying takes, the evaluation, the note on costs).
 */
export function bodyOf(practice: Practice): string {
  return [
    ...SECTION_KEYS.map((key) => practice.sections[key]),
    practice.workingElements,
    practice.transferability,
    practice.evaluation.summary,
    practice.costs.note,
  ]
    .filter(Boolean)
    .join('\n\n');
}

const documents = new WeakMap<Practice, SearchDocument>();

/** What the index holds of a practice; remembered per practice object, which never changes. */
export function searchDocumentOf(practice: Practice): SearchDocument {
  let doc = documents.get(practice);
  if (!doc) {
    const tags = [
      ...practice.themes.map((v) => labelOf(THEMES, v)),
      ...practice.targetGroups.map((v) => labelOf(TARGET_GROUPS, v)),
      ...practice.lifeDomains.map((v) => labelOf(LIFE_DOMAINS, v)),
      ...practice.municipalities.map((code) => municipalityByCode(code)?.name ?? ''),
      ...provincesOf(practice).map((v) => labelOf(PROVINCES, v)),
      labelOf(SCALES, practice.scale),
      ...practice.partners,
      practice.contactOrganisation ?? '',
      // The role ("trajectbegeleider") is found; the person's name and e-mail are not: no people-finder.
      practice.contactRole ?? '',
      ...practice.materials.map((m) => m.title),
    ];
    doc = { id: practice.id, title: practice.title, summary: practice.summary, body: bodyOf(practice), tags: tags.join('\n') };
    documents.set(practice, doc);
  }
  return doc;
}
