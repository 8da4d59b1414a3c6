// The API's view of a practice. The contact e-mail is picked only when the submitter agreed to
// publish it, so a private address cannot leak by accident.
import { completenessOf } from '../../domain/completeness.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import { type Practice, provincesOf } from '../../domain/practice.js';
import { recentlyVerified } from '../../domain/verification.js';
import { EVIDENCE_LEVELS, labelOf } from '../../domain/vocabulary.js';
import { paths } from '../../paths.js';
import type { PracticeApiView } from '../api-schemas.js';

/** The contact e-mail, only where the submitter agreed to show it. */
function publicEmailOf(practice: Practice): string | undefined {
  return practice.contactEmailPublic ? practice.contactEmail : undefined;
}

/** A practice as the API shows it: the shape of practiceApiSchema, which the API description documents. */
// A practice's API JSON is the same for every request until the practice changes (an edit makes a new
// Practice object): serialized once, a list of twenty is stitched from strings instead of built anew.
// recentlyVerified depends on the day, so a remembered JSON holds for the moment it was made at.
const apiJson = new WeakMap<Practice, { readonly asOf: Date; readonly json: string }>();

/** practiceApiView as a JSON string as at `asOf` (the catalogue's clock), remembered per practice. */
export function practiceApiJson(practice: Practice, asOf: Date): string {
  const cached = apiJson.get(practice);
  if (cached?.asOf === asOf) return cached.json;
  const json = JSON.stringify(practiceApiView(practice, asOf));
  apiJson.set(practice, { asOf, json });
  return json;
}

export function practiceApiView(practice: Practice, asOf: Date = new Date()): PracticeApiView {
  const completeness = completenessOf(practice);
  return {
    slug: practice.slug,
    title: practice.title,
    summary: practice.summary,
    sections: {
      aanleiding: practice.sections.aanleiding ?? null,
      aanpak: practice.sections.aanpak ?? null,
      resultaten: practice.sections.resultaten ?? null,
      leerpunten: practice.sections.leerpunten ?? null,
    },
    municipalities: practice.municipalities.map((code) => {
      const m = municipalityByCode(code);
      return { nisCode: code, name: m?.name ?? code, province: m?.province ?? null };
    }),
    provinces: provincesOf(practice),
    scale: practice.scale,
    themes: practice.themes,
    targetGroups: practice.targetGroups,
    lifeDomains: practice.lifeDomains,
    partners: practice.partners,
    period: { startYear: practice.startYear ?? null, endYear: practice.endYear ?? null, ongoing: practice.ongoing },
    links: practice.links.map((l) => ({ url: l.url, label: l.label ?? null })),
    source: {
      title: practice.source.title,
      publisher: practice.source.publisher ?? null,
      url: practice.source.url ?? null,
      note: practice.source.note ?? null,
      date: practice.source.date ?? null,
    },
    contactOrganisation: practice.contactOrganisation ?? null,
    contactEmail: publicEmailOf(practice) ?? null,
    publishedAt: practice.publishedAt ?? null,
    updatedAt: practice.updatedAt,
    url: paths.practice(practice.slug),
    workingElements: practice.workingElements ?? null,
    transferability: practice.transferability ?? null,
    costs: { amountEur: practice.costs.amountEur ?? null, period: practice.costs.period ?? null, note: practice.costs.note ?? null },
    funding: practice.funding,
    staffFte: practice.staffFte ?? null,
    reach: { count: practice.reach.count ?? null, unit: practice.reach.unit ?? null, year: practice.reach.year ?? null },
    evaluation: { kind: practice.evaluation.kind ?? null, summary: practice.evaluation.summary ?? null, url: practice.evaluation.url ?? null },
    contact: {
      name: practice.contactName ?? null,
      role: practice.contactRole ?? null,
      organisation: practice.contactOrganisation ?? null,
      email: publicEmailOf(practice) ?? null,
    },
    lastVerifiedAt: practice.lastVerifiedAt ?? null,
    recentlyVerified: recentlyVerified(practice, asOf),
    evidenceLevel: practice.evidence
      ? {
          level: practice.evidence.level,
          label: labelOf(EVIDENCE_LEVELS, practice.evidence.level),
          justification: practice.evidence.justification,
          decidedAt: practice.evidence.decidedAt,
        }
      : null,
    materials: practice.materials.map((m) => ({ title: m.title, fileName: m.fileName, mediaType: m.mediaType, bytes: m.bytes, url: paths.material(practice.slug, m) })),
    completeness: { score: completeness.score, missing: completeness.missing },
    adoptions: (practice.adoptions ?? []).map((a) => ({ municipality: { nisCode: a.nisCode, name: municipalityByCode(a.nisCode)?.name ?? a.nisCode }, since: a.since })),
  };
}
