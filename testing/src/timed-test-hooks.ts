import { afterAll, beforeAll, inject } from 'vitest';
import { holdExclusive, releaseShared } from './exclusive-file-lock.js';
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
      // This file's shared hold goes first, so a second timed file of the run never waits for it;
      // then the machine's lock, and only then the run's exclusive turn: while another run's
      // timed tests (a fault suite) hold the machine, the other files of this run go on.
      const fileLockDir = inject('fileLockDir');
      if (fileLockDir !== undefined) releaseShared(fileLockDir);
      releases.push(await holdTimedTestLock(waitMs));
      if (fileLockDir !== undefined) releases.push(await holdExclusive(fileLockDir, waitMs));
    },
    2 * waitMs + 60_000,
  );
  afterAll(() => {
    for (const release of releases.splice(0).reverse()) release();
  });
}
