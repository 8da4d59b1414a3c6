// Every URL of the site, built in one place. Query strings for searches are built by searchUrl.
export type QueryState = Record<string, string | readonly string[] | number | undefined>;

function queryString(state: QueryState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

interface MaterialAddress {
  readonly fileHash: string;
  readonly fileName: string;
}

export const paths = {
  home: () => '/',
  practices: (state: QueryState = {}) => `/praktijken${queryString(state)}`,
  /**
   * The address of each page of one search, as practices({ ...state, page }) gives it (the first page
   * without a number): the search's query string is encoded once for all of its page links.
   */
  practicePages: (state: QueryState) => {
    const first = `/praktijken${queryString({ ...state, page: undefined })}`;
    const rest = first.includes('?') ? `${first}&page=` : `${first}?page=`;
    return (page: number) => (page === 1 ? first : `${rest}${page}`);
  },
  practice: (slug: string) => `/praktijken/${encodeURIComponent(slug)}`,
  /** Every value of one facet for a search ("toon alle" of the 300 municipalities), grouped, to tick and apply. */
  facetValues: (facet: string, state: QueryState = {}) => `/praktijken/filters/${encodeURIComponent(facet)}${queryString(state)}`,
  about: () => '/over',
  privacy: () => '/privacy',
  accessibility: () => '/toegankelijkheid',
  /** The *Contact* page: a question to the operator, relayed by e-mail. */
  contact: () => '/contact',
  contactSent: () => '/contact/verzonden',
  /** *Contacteer de makers*: its own page, since the practice page is publicly cached and a form carries a CSRF token. */
  practiceContact: (slug: string) => `/praktijken/${encodeURIComponent(slug)}/contact`,
  practiceContactSent: (slug: string) => `/praktijken/${encodeURIComponent(slug)}/contact/verzonden`,
  exportCsv: (state: QueryState = {}) => `/praktijken/export.csv${queryString(state)}`,
  exportJson: (state: QueryState = {}) => `/praktijken/export.json${queryString(state)}`,
  exportXlsx: (state: QueryState = {}) => `/praktijken/export.xlsx${queryString(state)}`,
  feed: (state: QueryState = {}) => `/praktijken/feed${queryString(state)}`,
  statistics: (state: QueryState = {}) => `/cijfers${queryString(state)}`,
  statisticsCsv: (table: string, state: QueryState = {}) => `/cijfers/${encodeURIComponent(table)}.csv${queryString(state)}`,
  apiDocs: () => '/api',
  openData: () => '/open-data',
  openDataCatalogue: () => '/open-data/catalogus.jsonld',
  sitemap: () => '/sitemap.xml',
  robots: () => '/robots.txt',
  submit: () => '/indienen',
  submissionStatus: (token: string) => `/indienen/status/${encodeURIComponent(token)}`,
  submissionEdit: (token: string) => `/indienen/status/${encodeURIComponent(token)}/aanpassen`,
  /** Proposing changes to a published practice; the published version stays until a moderator approves them. */
  submissionUpdate: (token: string) => `/indienen/status/${encodeURIComponent(token)}/bijwerken`,
  submissionLookalikes: () => '/indienen/gelijkaardig',
  /** The yearly check's signed link ("Klopt uw praktijk nog?"): a page with a confirm button, and the way to propose changes. */
  check: (token: string) => `/nakijken/${encodeURIComponent(token)}`,
  checkUpdate: (token: string) => `/nakijken/${encodeURIComponent(token)}/bijwerken`,
  /** "Wij doen dit ook": another municipality says it runs the practice too (issue 14, point 6). */
  adopt: (slug: string) => `/praktijken/${encodeURIComponent(slug)}/wij-doen-dit-ook`,
  /** The link in the adoption's confirmation mail: a page with a confirm button. */
  adoptionConfirmation: (token: string) => `/wij-doen-dit-ook/bevestigen/${encodeURIComponent(token)}`,
  /** The page that explains the evidence ladder ("stand van de praktijk") and its criteria. */
  evidenceLevels: () => '/stand-van-de-praktijk',
  // A material is addressed by its practice and its content hash; the file name at the end is what a
  // browser saves it as. Public only while the practice is published; the status link and /beheer
  // have their own addresses, each checked against its own right to see the practice.
  material: (slug: string, material: MaterialAddress) =>
    `/praktijken/${encodeURIComponent(slug)}/materialen/${material.fileHash}/${encodeURIComponent(material.fileName)}`,
  submissionMaterial: (token: string, material: MaterialAddress) =>
    `/indienen/status/${encodeURIComponent(token)}/materialen/${material.fileHash}/${encodeURIComponent(material.fileName)}`,
  moderationMaterial: (id: number, material: MaterialAddress) =>
    `/beheer/praktijken/${id}/materialen/${material.fileHash}/${encodeURIComponent(material.fileName)}`,
  health: () => '/healthz',
  asset: (file: string) => `/assets/${file}`,
  api: {
    practices: (state: QueryState = {}) => `/api/v1/practices${queryString(state)}`,
    practice: (slug: string) => `/api/v1/practices/${encodeURIComponent(slug)}`,
    openapi: () => '/api/v1/openapi.json',
  },
} as const;
