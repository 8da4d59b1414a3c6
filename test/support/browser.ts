// Debian's Chromium driven by playwright-core. Where it is not installed the browser tests skip,
// except under CI=true, where a missing browser must fail the run rather than pass it silently.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling home, which this closed network refuses.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser | undefined> {
  if (!existsSync(EXECUTABLE)) {
    if (process.env.CI === 'true') throw new Error(`Chromium not found at ${EXECUTABLE}; the CI run needs it (apt-get install chromium).`);
    console.warn(`    (browser tests skipped: no Chromium at ${EXECUTABLE})`);
    return undefined;
  }
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
}
