import { afterAll, beforeAll, inject } from 'vitest';
import { holdShared } from './exclusive-file-lock.js';
import { TIMED_LOCK_WAIT_MS } from './timed-test-hooks.js';

// The integration project's setup file: every file holds the run's file lock shared while it runs,
// so that a timed file (useTimedTestLock) can run alone (exclusive-file-lock.ts).
let release: (() => void) | undefined;
beforeAll(async () => {
  release = await holdShared(inject('fileLockDir'), TIMED_LOCK_WAIT_MS);
}, TIMED_LOCK_WAIT_MS + 60_000);
afterAll(() => release?.());
