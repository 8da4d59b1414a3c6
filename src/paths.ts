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

export const paths = {
  home: () => '/',
  practices: (state: QueryState = {}) => `/praktijken${queryString(state)}`,
  practice: (slug: string) => `/praktijken/${encodeURIComponent(slug)}`,
  about: () => '/over',
  privacy: () => '/privacy',
  accessibility: () => '/toegankelijkheid',
  exportCsv: (state: QueryState = {}) => `/praktijken/export.csv${queryString(state)}`,
  exportJson: (state: QueryState = {}) => `/praktijken/export.json${queryString(state)}`,
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
  submissionLookalikes: () => '/indienen/gelijkaardig',
  health: () => '/healthz',
  asset: (file: string) => `/assets/${file}`,
  api: {
    practices: (state: QueryState = {}) => `/api/v1/practices${queryString(state)}`,
    practice: (slug: string) => `/api/v1/practices/${encodeURIComponent(slug)}`,
    openapi: () => '/api/v1/openapi.json',
  },
} as const;
