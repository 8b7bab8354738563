import { afterAll, beforeAll, inject } from 'vitest';
import { holdExclusive } from './exclusive-file-lock.js';
import { holdTimedTestLock } from './timed-test-lock.js';

/** How long a file waits for another run's timed tests (the fault suite takes up to ~15 minutes). */
export const TIMED_LOCK_WAIT_MS = 30 * 60_000;

/**
 * Holds the machine's timed-test lock ({@link holdTimedTestLock}) from before the calling file's
 * (or describe block's) first test to after its last: for tests whose assertions are latencies.
 * Within the run, the file also runs alone: the other integration files that would run beside it
 * end first and the next wait ({@link holdExclusive}).
 */
export function useTimedTestLock(waitMs = TIMED_LOCK_WAIT_MS): void {
  const releases: (() => void)[] = [];
  beforeAll(
    async () => {
      // The run's turn first: it gives up this file's shared hold, so a second timed file waiting
      // here never holds up the first (which waits for every shared hold to end).
      const fileLockDir = inject('fileLockDir');
      if (fileLockDir !== undefined) releases.push(await holdExclusive(fileLockDir, waitMs));
      releases.push(await holdTimedTestLock(waitMs));
    },
    2 * waitMs + 60_000,
  );
  afterAll(() => {
    for (const release of releases.splice(0).reverse()) release();
  });
}
