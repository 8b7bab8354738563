import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { exitWithParent } from './exit-with-parent.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Builds workspaces' `dist/` with `tsc -b` (incremental; CI has built them already). */
export function buildWorkspace(...workspaces: string[]): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  runBuild(process.execPath, [tsc, '-b', ...workspaces]);
}

/**
 * Runs a build in the repository, one at a time on this machine (`flock`): integration files run
 * side by side, and two builds writing the same `dist/` could each read the other's half-written
 * files.
 */
export function runBuild(command: string, args: readonly string[]): void {
  execFileSync('flock', [join(tmpdir(), 'tracey-test-build.lock'), command, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
}

/**
 * Where a spawned process's output named `name` is kept for CI's scan of the whole run for secrets
 * (issue 24): a file in `TRACEY_TEST_OUTPUT_DIR`, or `undefined` when that is unset.
 */
export function keptOutputPath(name: string): string | undefined {
  const dir = process.env['TRACEY_TEST_OUTPUT_DIR'];
  return dir === undefined || dir === '' ? undefined : join(dir, `${name}.log`);
}

/** A spawned service: what it wrote is kept for the test to read. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Its stderr (messages such as configuration errors). */
  stderr(): string;
  /** Its stdout (the JSON log) and stderr, in the order they arrived. */
  output(): string;
}

/**
 * A service as deployed, `node <script>` from the repository's root (e.g.
 * `webhook-adapter/dist/main.js`), with only `PATH` and `env` as its environment, and stopped
 * when the test runner dies ({@link exitWithParent}).
 */
export function spawnService(script: string, env: Record<string, string>): ServiceProcess {
  let stderr = '';
  let output = '';
  const child = spawn(process.execPath, [...exitWithParent.nodeArgs, script], {
    cwd: root,
    stdio: [exitWithParent.stdin, 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  // CI keeps every service's output for its scan of the whole run for secrets (issue 24).
  const kept = keptOutputPath(`${script.split('/')[0] ?? 'service'}-${child.pid ?? 'unknown'}`);
  const keep = (chunk: Buffer): void => {
    if (kept !== undefined) appendFileSync(kept, chunk);
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    keep(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
    keep(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, output: () => output };
}
