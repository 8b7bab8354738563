import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockHeldByAnother, processAlive, tryLockFile } from './test-run-lock.js';

const EXCLUSIVE = 'exclusive.lock';
const SHARED_PREFIX = 'shared-';
const POLL_MS = 200;

/**
 * Integration files run several at a time (one Neo4j each); a file whose assertions are latencies
 * runs alone. Every file holds `dir` shared while it runs ({@link holdShared}, the integration
 * project's setup file); a timed file trades that for an exclusive hold ({@link holdExclusive}),
 * which waits for the other files to end and keeps new ones from starting. Each side writes its own
 * mark before it looks for the other's, so at least one of two racing processes sees the other:
 * a shared holder that sees an exclusive one backs off, so the two never wait for each other.
 * Marks name their process; those of a process that is gone count for nothing.
 */
export async function holdShared(dir: string, waitMs: number): Promise<() => void> {
  const mine = join(dir, `${SHARED_PREFIX}${process.pid}`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (!exclusiveHeldByAnother(dir)) {
      writeFileSync(mine, String(process.pid));
      if (!exclusiveHeldByAnother(dir)) return () => rmSync(mine, { force: true });
      rmSync(mine, { force: true });
    }
    if (Date.now() >= deadline)
      throw new Error(`a timed test file held ${join(dir, EXCLUSIVE)} for more than ${waitMs} ms`);
    await sleep(POLL_MS);
  }
}

/** Gives up this process's shared hold of `dir` (if any), so that a timed file never waits for it. */
export function releaseShared(dir: string): void {
  rmSync(join(dir, `${SHARED_PREFIX}${process.pid}`), { force: true });
}

/** See {@link holdShared}: runs alone among the files that share `dir`. */
export async function holdExclusive(dir: string, waitMs: number): Promise<() => void> {
  releaseShared(dir);
  const deadline = Date.now() + waitMs;
  const timedOut = (what: string): Error => new Error(`waited more than ${waitMs} ms for ${what} (${dir})`);
  let release: (() => void) | undefined;
  while (release === undefined) {
    const lock = tryLockFile(join(dir, EXCLUSIVE));
    if (typeof lock === 'function') release = lock;
    else if (Date.now() >= deadline) throw timedOut(`the timed file of pid ${lock.owner}`);
    else await sleep(POLL_MS);
  }
  while (othersHoldingShared(dir).length > 0) {
    if (Date.now() >= deadline) {
      release();
      throw timedOut(`the files of pids ${othersHoldingShared(dir).join(', ')}`);
    }
    await sleep(POLL_MS);
  }
  return release;
}

// Looks without taking the lock: a probe that took it for a moment made a timed file's own
// attempt fail and wait a poll.
function exclusiveHeldByAnother(dir: string): boolean {
  return lockHeldByAnother(join(dir, EXCLUSIVE));
}

function othersHoldingShared(dir: string): number[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith(SHARED_PREFIX))
    .map((name) => Number(name.slice(SHARED_PREFIX.length)))
    .filter((pid) => pid !== process.pid && processAlive(pid));
}
