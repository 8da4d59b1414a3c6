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

/**
 * What the index holds of a practice, made anew at each call. Not remembered per practice: a full build
 * asks it of every practice, and remembered documents (their body a second copy of every practice's text,
 * 38 MB at 10,000 practices) would stay as long as the practices do. The provisional index keeps the
 * documents it scans (layered-index.ts).
 */
export function searchDocumentOf(practice: Practice): SearchDocument {
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
  return { id: practice.id, title: practice.title, summary: practice.summary, body: bodyOf(practice), tags: tags.join('\n') };
}
