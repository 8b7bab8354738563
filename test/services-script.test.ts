import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/services.sh on a machine where nothing of it was ever started: `stop` exits 0 (CI stops
// the tests' services this way; a failing pipeline under `set -o pipefail` once made it exit 2
// and CI skip the fault suite) and `status` says Neo4j is down with exit code 1, as documented.
const root = fileURLToPath(new URL('../', import.meta.url));

describe('scripts/services.sh with nothing started', () => {
  const dir = mkdtempSync(`${tmpdir()}/tracey-services-script-`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (command: string) =>
    spawnSync('bash', ['scripts/services.sh', command], {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        TRACEY_SERVICES_DIR: dir,
        TRACEY_NEO4J_BOLT_PORT: '7699',
        TRACEY_NEO4J_HTTP_PORT: '7499',
      },
    });

  it.each([
    ['stop', 0],
    ['status', 1],
  ])('%s exits %i', (command, code) => {
    const result = run(command);
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(code);
    expect(`${result.stdout}${result.stderr}`).toContain('Neo4j: not running');
    expect(result.stderr).not.toMatch(/No such file|unbound variable|syntax error/);
  });
});
