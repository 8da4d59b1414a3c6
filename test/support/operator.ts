// The operating organisation a production start needs (src/config.ts), for tests that start as production.

/** OPERATOR_NAME, OPERATOR_ADDRESS and OPERATOR_EMAIL of a made-up organisation, recognisable on any page. */
export const OPERATOR_ENVIRONMENT = Object.freeze({
  OPERATOR_NAME: 'Welzijnsvereniging Testland vzw',
  OPERATOR_ADDRESS: 'Proefstraat 12, 9999 Testland',
  OPERATOR_EMAIL: 'beheer@testland.example',
});
