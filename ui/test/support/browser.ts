import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { uiAssetsBuilt } from '@tracey/ui';
import { runBuild } from '@tracey/testing';

// The browser of the UI tests: Debian's chromium driven by playwright-core (Playwright's own
// browser download cannot work here). TRACEY_CHROMIUM names another executable.

export function chromiumPath(): string {
  const path = process.env['TRACEY_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `no Chromium at ${path}: install it (apt-get install chromium; .ci/run does) or set TRACEY_CHROMIUM`,
    );
  }
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // Containers run as root without user namespaces; the page is our own UI on loopback.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Builds the UI with Vite when `npm run build` has not (tests run from source). */
export function ensureUiBuilt(): void {
  if (uiAssetsBuilt()) return;
  runBuild('npm', ['run', '-s', 'build', '-w', '@tracey/ui']);
}
