// The controlled vocabularies of a practice, defined once: the value is stable (URLs, API, database),
// the label is what a Dutch-speaking user reads. Imports nothing of ours, so every layer may use it.

export interface Term<V extends string = string> {
  readonly value: V;
  readonly label: string;
}

function vocabulary<const T extends readonly Term[]>(terms: T): T {
  return terms;
}

export const THEMES = vocabulary([
  { value: 'breed-onthaal', label: 'Geïntegreerd breed onthaal' },
  { value: 'onderbescherming', label: 'Onderbescherming en rechtenverkenning' },
  { value: 'armoedebestrijding', label: 'Armoedebestrijding' },
  { value: 'informele-zorg', label: 'Mantelzorg en informele zorg' },
  { value: 'buurtgerichte-zorg', label: 'Buurtgerichte zorg' },
  { value: 'gezinsondersteuning', label: 'Gezinsondersteuning' },
  { value: 'mentaal-welzijn', label: 'Geestelijke gezondheid en mentaal welzijn' },
  { value: 'intrafamiliaal-geweld', label: 'Intrafamiliaal geweld' },
  { value: 'herstelgericht-werken', label: 'Herstelgericht werken en slachtofferhulp' },
  { value: 'netwerken', label: 'Samenwerking en netwerken' },
  { value: 'outreach', label: 'Outreachend werken' },
  { value: 'ouderenzorg', label: 'Ouderenzorg en thuiszorg' },
  { value: 'kinderopvang', label: 'Kinderopvang en buitenschoolse opvang' },
  { value: 'vrije-tijd', label: 'Vrijetijdsbeleid' },
  { value: 'integratie', label: 'Integratie en diversiteit' },
  { value: 'wijkverbetering', label: 'Buurtwerk en wijkverbetering' },
  { value: 'schuldhulpverlening', label: 'Schuldhulpverlening' },
] as const);

export const TARGET_GROUPS = vocabulary([
  { value: 'alle-inwoners', label: 'Alle inwoners' },
  { value: 'kwetsbare-inwoners', label: 'Kwetsbare inwoners' },
  { value: 'mensen-in-armoede', label: 'Mensen in armoede' },
  { value: 'gezinnen-jonge-kinderen', label: 'Gezinnen met jonge kinderen' },
  { value: 'kinderen', label: 'Kinderen' },
  { value: 'jongeren', label: 'Jongeren' },
  { value: 'ouderen', label: 'Ouderen' },
  { value: 'mantelzorgers', label: 'Mantelzorgers' },
  { value: 'landbouwers', label: 'Landbouwers' },
  { value: 'mensen-met-beperking', label: 'Mensen met een beperking' },
  { value: 'psychisch-kwetsbaren', label: 'Mensen die psychisch kwetsbaar zijn' },
  { value: 'verzoekers-internationale-bescherming', label: 'Verzoekers om internationale bescherming' },
  { value: 'daders-en-slachtoffers', label: 'Daders en slachtoffers van misdrijven' },
  { value: 'werkzoekenden', label: 'Werkzoekenden' },
  { value: 'hulpverleners', label: 'Hulpverleners en lokale besturen' },
] as const);

// The life domains the decree on Local Social Policy asks local policy to connect.
export const LIFE_DOMAINS = vocabulary([
  { value: 'zorg', label: 'Zorg' },
  { value: 'welzijn', label: 'Welzijn' },
  { value: 'gezondheid', label: 'Gezondheid' },
  { value: 'wonen', label: 'Wonen' },
  { value: 'werk', label: 'Werk' },
  { value: 'inkomen', label: 'Inkomen' },
  { value: 'onderwijs', label: 'Onderwijs' },
  { value: 'vrije-tijd', label: 'Vrije tijd' },
  { value: 'gezin', label: 'Gezin en opvoeding' },
  { value: 'samenleven', label: 'Buurt en samenleven' },
] as const);

export const SCALES = vocabulary([
  { value: 'lokaal', label: 'Lokaal' },
  { value: 'intergemeentelijk', label: 'Intergemeentelijk' },
  { value: 'regionaal', label: 'Regionaal' },
  { value: 'vlaams', label: 'Vlaams' },
] as const);

export const PROVINCES = vocabulary([
  { value: 'antwerpen', label: 'Antwerpen' },
  { value: 'limburg', label: 'Limburg' },
  { value: 'oost-vlaanderen', label: 'Oost-Vlaanderen' },
  { value: 'vlaams-brabant', label: 'Vlaams-Brabant' },
  { value: 'west-vlaanderen', label: 'West-Vlaanderen' },
] as const);

export const PUBLICATION_STATUSES = vocabulary([
  { value: 'draft', label: 'Concept' },
  { value: 'pending', label: 'Wacht op beoordeling' },
  { value: 'changes_requested', label: 'Aanpassing gevraagd' },
  { value: 'rejected', label: 'Afgewezen' },
  { value: 'published', label: 'Gepubliceerd' },
  { value: 'unpublished', label: 'Offline gehaald' },
] as const);

// Where the money for a practice comes from; a practice may name several.
export const FUNDING_SOURCES = vocabulary([
  { value: 'eigen-middelen', label: 'Eigen middelen' },
  { value: 'vlaamse-subsidie', label: 'Vlaamse subsidie' },
  { value: 'provinciale-subsidie', label: 'Provinciale subsidie' },
  { value: 'europese-middelen', label: 'Europese middelen' },
  { value: 'federale-middelen', label: 'Federale middelen' },
  { value: 'andere', label: 'Andere' },
] as const);

export const COST_PERIODS = vocabulary([
  { value: 'eenmalig', label: 'eenmalig' },
  { value: 'per-jaar', label: 'per jaar' },
] as const);

// What a reach number counts.
export const REACH_UNITS = vocabulary([
  { value: 'personen', label: 'personen' },
  { value: 'gezinnen', label: 'gezinnen' },
  { value: 'huishoudens', label: 'huishoudens' },
  { value: 'kinderen', label: 'kinderen' },
  { value: 'jongeren', label: 'jongeren' },
  { value: 'deelnemers', label: 'deelnemers' },
  { value: 'vrijwilligers', label: 'vrijwilligers' },
  { value: 'organisaties', label: 'organisaties' },
  { value: 'gemeenten', label: 'gemeenten' },
] as const);

export const EVALUATION_KINDS = vocabulary([
  { value: 'geen', label: 'Niet geëvalueerd' },
  { value: 'intern', label: 'Interne evaluatie' },
  { value: 'extern', label: 'Externe evaluatie' },
] as const);

// The ladder of the "stand van de praktijk", lowest rung first; moderators decide a practice's rung
// (docs/evidence-levels.md and the page /stand-van-de-praktijk explain the criteria).
export const EVIDENCE_LEVELS = vocabulary([
  { value: 'beschreven', label: 'Beschreven' },
  { value: 'onderbouwd', label: 'Onderbouwd' },
  { value: 'geevalueerd', label: 'Geëvalueerd' },
  { value: 'overgenomen', label: 'Overgenomen' },
] as const);

type ValueOf<T extends readonly Term[]> = T[number]['value'];
export type Theme = ValueOf<typeof THEMES>;
export type TargetGroup = ValueOf<typeof TARGET_GROUPS>;
export type LifeDomain = ValueOf<typeof LIFE_DOMAINS>;
export type Scale = ValueOf<typeof SCALES>;
export type Province = ValueOf<typeof PROVINCES>;
export type PublicationStatus = ValueOf<typeof PUBLICATION_STATUSES>;
export type FundingSource = ValueOf<typeof FUNDING_SOURCES>;
export type CostPeriod = ValueOf<typeof COST_PERIODS>;
export type ReachUnit = ValueOf<typeof REACH_UNITS>;
export type EvaluationKind = ValueOf<typeof EVALUATION_KINDS>;
export type EvidenceLevel = ValueOf<typeof EVIDENCE_LEVELS>;

/** The values of a vocabulary as a non-empty tuple, the shape z.enum wants. */
export function valuesOf<T extends readonly Term[]>(terms: T): [ValueOf<T>, ...ValueOf<T>[]] {
  return terms.map((t) => t.value) as [ValueOf<T>, ...ValueOf<T>[]];
}

/** The Dutch label of a value, or the value itself for one that is not (or no longer) in the vocabulary. */
export function labelOf(terms: readonly Term[], value: string): string {
  return terms.find((t) => t.value === value)?.label ?? value;
}
