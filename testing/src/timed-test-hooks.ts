import { afterAll, beforeAll } from 'vitest';
import { holdTimedTestLock } from './timed-test-lock.js';

/** How long a file waits for another run's timed tests (the fault suite takes up to ~15 minutes). */
export const TIMED_LOCK_WAIT_MS = 30 * 60_000;

/**
 * Holds the machine's timed-test lock ({@link holdTimedTestLock}) from before the calling file's
 * (or describe block's) first test to after its last: for tests whose assertions are latencies.
 */
export function useTimedTestLock(waitMs = TIMED_LOCK_WAIT_MS): void {
  let release: (() => void) | undefined;
  beforeAll(async () => {
    release = await holdTimedTestLock(waitMs);
  }, waitMs + 60_000);
  afterAll(() => release?.());
}
