import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdExclusive, holdShared, releaseShared } from './exclusive-file-lock.js';

// Another process's holds are marks naming a live process: a sleeping child stands in for it.
let dir: string;
const children: ChildProcess[] = [];
function liveProcess(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}
async function deadProcess(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}
const settled = async (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'exclusive-file-lock-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('holdShared / holdExclusive', () => {
  it('lets shared holders run together, each leaving its mark until released', async () => {
    writeFileSync(join(dir, `shared-${liveProcess()}`), '');
    const release = await holdShared(dir, 1000);
    expect(existsSync(join(dir, `shared-${process.pid}`))).toBe(true);
    release();
    expect(existsSync(join(dir, `shared-${process.pid}`))).toBe(false);
  });

  it('waits for another process’s shared hold before holding exclusively', async () => {
    const other = join(dir, `shared-${liveProcess()}`);
    writeFileSync(other, '');
    const exclusive = holdExclusive(dir, 10_000);
    expect(await settled(exclusive, 600)).toBe(false);
    rmSync(other);
    expect(await settled(exclusive, 2000)).toBe(true);
    (await exclusive)();
  });

  it('gives up its own shared hold when it asks for exclusive, so it never waits for itself', async () => {
    await holdShared(dir, 1000);
    const release = await holdExclusive(dir, 1000);
    expect(existsSync(join(dir, `shared-${process.pid}`))).toBe(false);
    release();
  });

  it('gives up a shared hold on its own (a timed file waiting for the machine blocks no one)', async () => {
    await holdShared(dir, 1000);
    releaseShared(dir);
    expect(existsSync(join(dir, `shared-${process.pid}`))).toBe(false);
    releaseShared(dir);
  });

  it('keeps new shared holders out while another process holds exclusively', async () => {
    const lock = join(dir, 'exclusive.lock');
    writeFileSync(lock, String(liveProcess()));
    const shared = holdShared(dir, 10_000);
    expect(await settled(shared, 600)).toBe(false);
    expect(existsSync(join(dir, `shared-${process.pid}`))).toBe(false);
    rmSync(lock);
    expect(await settled(shared, 2000)).toBe(true);
    (await shared)();
  });

  it('ignores the marks of processes that are gone', async () => {
    writeFileSync(join(dir, `shared-${await deadProcess()}`), '');
    writeFileSync(join(dir, 'exclusive.lock'), String(await deadProcess()));
    (await holdExclusive(dir, 1000))();
    (await holdShared(dir, 1000))();
  });

  it('says what it waited for when the wait runs out', async () => {
    const pid = liveProcess();
    writeFileSync(join(dir, `shared-${pid}`), '');
    await expect(holdExclusive(dir, 300)).rejects.toThrow(
      `waited more than 300 ms for the files of pids ${pid}`,
    );
    expect(existsSync(join(dir, 'exclusive.lock'))).toBe(false);
  });
});
