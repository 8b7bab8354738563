import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { exitWithParent } from '@tracey/testing';

// The plugin-shaped samples beside the repository (read in place); override with TRACEY_FIXTURES_DIR.
const fixturesDir = (
  process.env['TRACEY_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds the adapter's `dist/` (incremental; CI has built it already). */
export function buildAdapter(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'jenkins-adapter'], { cwd: root, stdio: 'inherit' });
}

/** A spawned adapter: what it wrote is kept for the test to read. */
export interface AdapterProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Its stderr (messages such as configuration errors). */
  stderr(): string;
  /** Its stdout (the JSON log) and stderr, in the order they arrived. */
  output(): string;
}

/**
 * A spool directory of one test adapter: never the default `.tracey/adapter-spool` of the working
 * directory, where another run's leftovers would be flushed into this test's exchange.
 */
export function testSpoolDir(): string {
  return mkdtempSync(`${tmpdir()}/tracey-test-adapter-spool-`);
}

/** `tracey-jenkins-adapter` as deployed: `node jenkins-adapter/dist/main.js`. */
export function spawnAdapter(env: Record<string, string>, logLevel = 'warn'): AdapterProcess {
  let stderr = '';
  let output = '';
  const child = spawn(process.execPath, [...exitWithParent.nodeArgs, 'jenkins-adapter/dist/main.js'], {
    cwd: root,
    stdio: [exitWithParent.stdin, 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      TRACEY_LOG_LEVEL: logLevel,
      TRACEY_ADAPTER_SPOOL_DIR: testSpoolDir(),
      ...env,
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, output: () => output };
}

/** A Jenkins Notification plugin sample, as the plugin posts it. */
export function jenkinsSample(name: string): string {
  return readFileSync(`${fixturesDir}/jenkins/${name}.json`, 'utf8');
}
