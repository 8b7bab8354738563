import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildWorkspace, spawnService, type ServiceProcess } from '@tracey/testing';

// The plugin-shaped samples beside the repository (read in place); override with TRACEY_FIXTURES_DIR.
const fixturesDir = (
  process.env['TRACEY_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');

/** Builds the adapter's `dist/` (incremental; CI has built it already). */
export function buildAdapter(): void {
  buildWorkspace('jenkins-adapter');
}

/** A spawned adapter: what it wrote is kept for the test to read. */
export type AdapterProcess = ServiceProcess;

/**
 * A spool directory of one test adapter: never the default `.tracey/adapter-spool` of the working
 * directory, where another run's leftovers would be flushed into this test's exchange.
 */
export function testSpoolDir(): string {
  return mkdtempSync(`${tmpdir()}/tracey-test-adapter-spool-`);
}

/** `tracey-jenkins-adapter` as deployed: `node jenkins-adapter/dist/main.js`. */
export function spawnAdapter(env: Record<string, string>, logLevel = 'warn'): AdapterProcess {
  return spawnService('jenkins-adapter/dist/main.js', {
    TRACEY_LOG_LEVEL: logLevel,
    TRACEY_ADAPTER_SPOOL_DIR: testSpoolDir(),
    // Tests send hundreds of requests a second through one token; rate limits have tests of their own.
    TRACEY_RATE_LIMIT: '0',
    ...env,
  });
}

/** A Jenkins Notification plugin sample, as the plugin posts it. */
export function jenkinsSample(name: string): string {
  return readFileSync(`${fixturesDir}/jenkins/${name}.json`, 'utf8');
}
