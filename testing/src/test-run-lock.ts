import { readFileSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Holds the tests' local services for one run: a second run of the same project (another terminal,
 * an editor's test runner) would wipe this run's graph. A lock whose process is gone is taken over.
 * @returns a function that releases the lock.
 * @throws Error naming the process that holds it.
 */
export function lockTestServices(servicesDir: string): () => void {
  mkdirSync(servicesDir, { recursive: true });
  const file = join(servicesDir, 'test-run.lock');
  const mine = String(process.pid);
  for (;;) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        if (readOwner(file) === mine) unlinkSync(file);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    if (owner !== undefined && owner !== mine && alive(Number(owner))) {
      throw new Error(
        `another test run (pid ${owner}) uses the test services under ${servicesDir}; wait for it, or ` +
          'give this run its own (TRACEY_TEST_SERVICES_DIR, TRACEY_TEST_NEO4J_BOLT_PORT, TRACEY_TEST_NEO4J_HTTP_PORT)',
      );
    }
    // A stale lock; removing it may race another run doing the same, and `wx` decides who wins.
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  }
}

function readOwner(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
