import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tryLockFile } from './test-run-lock.js';

/** One per machine, whatever the checkout or project: what it guards is the machine's cores. */
const LOCK_FILE = join(tmpdir(), 'tracey-timed-tests.lock');
const POLL_MS = 1000;

/**
 * Waits until no other timed test run holds the machine, then holds it until released. Tests that
 * assert a latency or a deadline (the fault suite, the large-event burst) take it, so that two
 * suites run at the same time on one machine (`npm run test:isolation`) measure the code under
 * test, not each other: on two cores, one suite's restarts and 8 MB writes made the other's small
 * events wait 14 s. Everything else runs beside them freely.
 * @returns a function that releases the lock.
 * @throws Error when another run held it for longer than `waitMs`.
 */
export async function holdTimedTestLock(waitMs: number, file = LOCK_FILE): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    const lock = tryLockFile(file);
    if (typeof lock === 'function') return lock;
    if (Date.now() >= deadline) {
      throw new Error(`another timed test run (pid ${lock.owner}) held ${file} for more than ${waitMs} ms`);
    }
    if (!announced) {
      process.stderr.write(`waiting for the timed test run of pid ${lock.owner} to end (${file})\n`);
      announced = true;
    }
    await sleep(POLL_MS);
  }
}
