// The addresses of the moderators' area; the public ones are in src/paths.ts.

// A longer returnTo is refused on the way back anyway, and as a Location header it outgrows proxies' buffers.
const MAX_RETURN_TO_LENGTH = 2000;

export const beheerPaths = {
  home: () => '/beheer',
  /** The login form; `returnTo` is where to go after logging in. */
  login: (returnTo?: string) => `/beheer/inloggen${returnTo && returnTo !== '/beheer' && returnTo.length <= MAX_RETURN_TO_LENGTH ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
  loggedOut: () => '/beheer/inloggen?uitgelogd=1',
  /** The second step of a login: the code from the authenticator app, or setting one up. */
  secondFactor: () => '/beheer/inloggen/code',
  logout: () => '/beheer/uitloggen',
  /** The one-time link that sets up a moderator's second factor; the CLI prints it after add and reset-2fa. */
  enrolment: (token: string) => `/beheer/inschrijven/${encodeURIComponent(token)}`,
  practice: (id: number) => `/beheer/praktijken/${id}`,
  decision: (id: number) => `/beheer/praktijken/${id}/beslissing`,
  edit: (id: number) => `/beheer/praktijken/${id}/bewerken`,
  /** The moderators' judgement of the "stand van de praktijk". */
  evidence: (id: number) => `/beheer/praktijken/${id}/stand`,
  /** The submitter's pending proposal for a published practice: what it changes, approve or reject. */
  update: (id: number) => `/beheer/praktijken/${id}/voorstel`,
  /** Outgoing mail: waiting, sent, failed (issue 14). */
  outbox: () => '/beheer/uitgaande-post',
  /** The logged-in moderator's own choice of e-mail about waiting work (issue 14). */
  notices: () => '/beheer/meldingen',
  /** Confirmed "wij doen dit ook" adoptions waiting for a moderator, with approve and reject. */
  adoptions: () => '/beheer/overnames',
  adoptionDecision: (id: number) => `/beheer/overnames/${id}/beslissing`,
  /** The sector's synonyms searches apply: edit the list, its history, restore a revision (issue 15). */
  synonyms: () => '/beheer/synoniemen',
  /** Makes an earlier revision of the synonym list the one in use again. */
  synonymRestore: (id: number) => `/beheer/synoniemen/${id}/terugzetten`,
  /** Makes the list that comes with the code the one in use again. */
  synonymDefault: () => '/beheer/synoniemen/standaard',
} as const;

/** A `returnTo` value we may redirect to: a path inside /beheer on this site, never elsewhere. */
export function localBeheerPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_RETURN_TO_LENGTH) return undefined;
  // Browsers read '\' as '/', so '/beheer\..' or '//host' could leave the site.
  // eslint-disable-next-line no-control-regex -- control characters in a path are what this rejects
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, 'http://praktijkbank.invalid');
  } catch {
    return undefined;
  }
  if (url.origin !== 'http://praktijkbank.invalid') return undefined;
  if (url.pathname !== '/beheer' && !url.pathname.startsWith('/beheer/')) return undefined;
  if (url.pathname.startsWith('/beheer/inloggen') || url.pathname.startsWith('/beheer/inschrijven') || url.pathname === '/beheer/uitloggen') return undefined;
  return `${url.pathname}${url.search}`;
}
