// The privacy and accessibility statements in a real Chromium: axe-core finds no WCAG 2.1 A/AA
// violations, wide and narrow. axe is injected as a script, so the context bypasses the CSP.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { accessibilityViolations, sidewaysOverflow } from '../support/accessibility.js';
import { type BrowserSuiteState, useBrowserSuite } from '../support/browser.js';

describe('the legal pages in a browser', function () {
  this.timeout(60_000);
  let server: BrowserSuiteState['server'];
  let page: Page;
  useBrowserSuite((s) => ({ server, page } = s));

  for (const [name, path] of [['privacy', '/privacy'], ['accessibility', '/toegankelijkheid']] as const) {
    it(`has no WCAG 2.1 A/AA violations on the ${name} statement, wide and narrow`, async () => {
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.baseUrl}${path}`);
        expect(await accessibilityViolations(page), `${path} at ${width}px`).to.deep.equal([]);
        expect(await sidewaysOverflow(page), `${path} scrolls sideways at ${width}px`).to.be.at.most(0);
      }
    });
  }
});
