import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module script of CI, no types
import { configuredSecrets, findSecrets } from '../scripts/scan-test-secrets.mjs';

// Issue 24: CI scans the whole test run's output for the secrets the tests configure
// (scripts/scan-test-secrets.mjs). The scan must find a planted one and pass a clean output.

const script = fileURLToPath(new URL('../scripts/scan-test-secrets.mjs', import.meta.url));
const scan = (...paths: string[]) => spawnSync(process.execPath, [script, ...paths], { encoding: 'utf8' });

type Secrets = Map<string, string>;

describe('scripts/scan-test-secrets.mjs', () => {
  it('reads the secrets test sources configure, not placeholders or short values', () => {
    const secrets = (configuredSecrets as (sources: string[]) => Secrets)([
      "const TOKEN = 'a-test-token-0123';\nconst NEO4J_TEST_PASSWORD = 'tracey-test-password';",
      "spawn({ TRACEY_GITLAB_WEBHOOK_TOKEN: 'gitlab-flow-t0ken', TRACEY_API_TOKEN: '' });",
      "buildApp({ config: { apiToken: 'read-token-of-a-test' } });\nconst API_TOKEN = 'change-me';",
      "const SECRET = 'short';",
    ]);
    expect([...secrets].sort()).toEqual(
      [
        ['a-test-token-0123', 'TOKEN'],
        ['tracey-test-password', 'NEO4J_TEST_PASSWORD'],
        ['gitlab-flow-t0ken', 'TRACEY_GITLAB_WEBHOOK_TOKEN'],
        ['read-token-of-a-test', 'apiToken'],
      ].sort(),
    );
    expect(
      (findSecrets as (text: string, secrets: Secrets) => [number, string][])(
        'ok\nGET /x?secret=gitlab-flow-t0ken\nok',
        secrets,
      ),
    ).toEqual([[2, 'TRACEY_GITLAB_WEBHOOK_TOKEN']]);
  });

  it("fails on a run's output that holds a secret of this repository's tests, naming the line, not the value", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracey-secret-scan-'));
    try {
      writeFileSync(join(dir, 'clean.log'), '{"level":30,"msg":"listening"}\nauthorization: [redacted]\n');
      const clean = scan(dir);
      expect(clean.status, clean.stdout + clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/scan-test-secrets: \d+ configured secrets, 1 files, 0 lines/);

      // The test services' Neo4j password (testing/src/container-services.ts) in a service's log.
      writeFileSync(join(dir, 'webhook-adapter-1.log'), 'x\n{"msg":"neo4j auth tracey-test-password"}\n');
      const dirty = scan(dir);
      expect(dirty.status).toBe(1);
      expect(dirty.stdout).toContain('webhook-adapter-1.log:2: the value of NEO4J_TEST_PASSWORD');
      expect(dirty.stdout).not.toContain('auth tracey-test-password');
      expect(scan().status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
