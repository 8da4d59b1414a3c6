// The public API may be read from any web page: GET and HEAD answer `Access-Control-Allow-Origin: *`
// and a preflight (OPTIONS) allows just those two methods. No credentials: a wildcard origin never
// carries cookies, so a moderator's session cannot be used from another site. Other methods get no
// CORS headers at all, so a browser keeps their answers from other origins.
import type { RequestHandler } from 'express';

const READ_METHODS = 'GET, HEAD';
const PREFLIGHT_MAX_AGE_SECONDS = 24 * 60 * 60;

export const publicReadCors: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.set({
      'Access-Control-Allow-Origin': '*',
      // helmet says same-origin for the whole site; the public API is meant to be embedded elsewhere.
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    next();
    return;
  }
  if (req.method === 'OPTIONS') {
    res
      .status(204)
      .set({
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': READ_METHODS,
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
        Allow: `${READ_METHODS}, OPTIONS`,
      })
      .end();
    return;
  }
  next();
};
