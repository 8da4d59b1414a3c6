// The API's view of a practice. The contact e-mail is picked only when the submitter agreed to
// publish it, so a private address cannot leak by accident.
import { LRUCache } from 'lru-cache';
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

// A practice's API JSON is the same for every request until the practice changes (an edit makes a new
// Practice object): serialized and encoded once, a list of twenty is copied together from its bytes
// instead of built and encoded anew. recentlyVerified depends on the day, so remembered bytes hold for
// the moment they were made at. Only the thousand most recently shown (fifty pages of twenty) are
// remembered: a client paging through the whole catalogue would otherwise leave every practice's JSON
// behind (about 45 MB at 10,000 practices).
const API_JSON_CACHE_SIZE = 1_000;
const apiJson = new LRUCache<Practice, { readonly asOf: Date; readonly bytes: Buffer }>({ max: API_JSON_CACHE_SIZE });

/** practiceApiView as JSON in UTF-8 as at `asOf` (the catalogue's clock), remembered for recently shown practices. */
export function practiceApiJson(practice: Practice, asOf: Date): Buffer {
  const cached = apiJson.get(practice);
  if (cached?.asOf === asOf) return cached.bytes;
  const json = JSON.stringify(practiceApiView(practice, asOf));
  // A buffer of its own: a small one from Node's shared pool would keep the whole pool slab alive.
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
  bytes.write(json);
  apiJson.set(practice, { asOf, bytes });
  return bytes;
}

/** A practice as the API shows it: the shape of practiceApiSchema, which the API description documents. */
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
