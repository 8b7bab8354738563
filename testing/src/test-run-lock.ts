import { readFileSync, statSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Test seams: a point where another run can act in between. */
export interface LockRaceHooks {
  /** Called after this run found the lock stale, before it removes it. */
  readonly staleSeen?: () => void;
}

/** A lock file still empty this long was left by a run that died between creating and writing it. */
const EMPTY_LOCK_STALE_MS = 5000;

/**
 * Holds the tests' local services for one run: a second run of the same project (another terminal,
 * an editor's test runner) would wipe this run's graph. A lock whose process is gone is taken over.
 * @returns a function that releases the lock.
 * @throws Error naming the process that holds it.
 */
export function lockTestServices(servicesDir: string, hooks: LockRaceHooks = {}): () => void {
  mkdirSync(servicesDir, { recursive: true });
  const lock = tryLockFile(join(servicesDir, 'test-run.lock'), hooks);
  if (typeof lock === 'function') return lock;
  throw new Error(
    `another test run (pid ${lock.owner}) uses the test services under ${servicesDir}; wait for it, or ` +
      'give this run its own (TRACEY_TEST_SERVICES_DIR, TRACEY_TEST_NEO4J_BOLT_PORT, TRACEY_TEST_NEO4J_HTTP_PORT)',
  );
}

/**
 * Takes `file` as a lock held by this process: its id written in it, created exclusively; a lock
 * whose process is gone is taken over.
 * @returns a function that releases the lock, or the id of the live process that holds it.
 */
export function tryLockFile(file: string, hooks: LockRaceHooks = {}): (() => void) | { owner: string } {
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
    if (owner === undefined) continue; // released meanwhile: try again
    if (!isStale(file)) return { owner };
    hooks.staleSeen?.();
    removeIfStillStale(file, mine);
  }
}

/**
 * Removes a stale lock. Another run may have taken it over since it was seen stale, so the owner
 * is read again right before the unlink, and only one run at a time does this (the `.break`
 * file): between that read and the unlink no other run can remove and re-create the lock.
 */
function removeIfStillStale(file: string, mine: string): void {
  const breaker = `${file}.break`;
  try {
    writeFileSync(breaker, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Held for a moment only: left behind, its run died inside this function.
    if (isStale(breaker)) unlinkQuietly(breaker);
    return;
  }
  try {
    if (isStale(file)) unlinkQuietly(file);
  } finally {
    unlinkQuietly(breaker);
  }
}

/** Whether `file` names a process that is gone (or this one), or stayed empty (its writer died). */
/** Whether another living process holds the lock `file` now: looked at, never taken. */
export function lockHeldByAnother(file: string): boolean {
  return readOwner(file) !== undefined && !isStale(file);
}

function isStale(file: string): boolean {
  const owner = readOwner(file);
  if (owner === undefined) return false;
  if (owner === '') return ageMs(file) > EMPTY_LOCK_STALE_MS;
  return owner === String(process.pid) || !processAlive(Number(owner));
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function readOwner(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Whether process `pid` lives (one of another user counts as living). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
