import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseSettingLines } from '@tracey/common';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The test projects that have their own local services (scripts/test-services.sh). */
export type TestServicesProject = 'integration' | 'faults';

/**
 * Runs `scripts/test-services.sh start <project>`: the tests' own Neo4j without Docker, apart
 * from `npm start`'s (own data directory and ports, password `tracey-test-password` for both
 * projects; a server it did not start is refused, never adopted). RabbitMQ is shared: a broker
 * already on :5672 is used, one is started only when none answers. Returns the KEY=value settings it prints. Starting twice is a no-op.
 * `slot` n > 1 starts the integration project's n-th Neo4j (its own directory and ports).
 */
export async function startLocalServices(
  project: TestServicesProject,
  slot = 1,
): Promise<Readonly<Record<string, string>>> {
  // Slot n > 1: a further Neo4j for integration files that run at the same time (test/support/test-workers.ts).
  const name = slot === 1 ? project : `${project}-${slot}`;
  const { stdout } = await run('bash', ['scripts/test-services.sh', 'start', name], {
    cwd: repoRoot,
    timeout: 15 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseSettingLines(stdout);
}
