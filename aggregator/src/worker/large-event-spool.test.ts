import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LargeEventSpool, processSpoolDir } from './large-event-spool.js';

describe('LargeEventSpool', () => {
  const savedTmpdir = process.env['TMPDIR'];
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spool-test-'));
    // The default spools live in os.tmpdir(): this test's own.
    process.env['TMPDIR'] = dir;
  });

  afterEach(async () => {
    if (savedTmpdir === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmpdir;
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps bodies on disk, counts their bytes until removed, and removes its directory on close', async () => {
    const spool = await LargeEventSpool.open();
    expect(spool.dir.startsWith(processSpoolDir())).toBe(true);
    const writing = spool.write(Buffer.from('a'.repeat(1000)));
    expect(spool.bytes).toBe(1000); // counted from the call on: the consumer pauses in time
    const entry = await writing;
    const other = await spool.write(Buffer.from('b'.repeat(24)));
    expect(spool.bytes).toBe(1024);
    expect((await spool.read(entry)).toString()).toBe('a'.repeat(1000));
    await spool.remove(entry);
    await spool.remove(entry);
    expect(spool.bytes).toBe(24);
    await expect(spool.read(entry)).rejects.toThrow();
    expect((await spool.read(other)).toString()).toBe('b'.repeat(24));
    await spool.close();
    expect(existsSync(spool.dir)).toBe(false);
    expect(existsSync(processSpoolDir())).toBe(false);
  });

  it("gives each worker of a process a spool of its own, and removes a dead process's spool", async () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    const orphan = join(dir, `tracey-aggregator-${exited}`);
    await mkdir(join(orphan, '1'), { recursive: true });
    await writeFile(join(orphan, '1', '1'), 'left by a SIGKILLed worker');
    const unrelated = join(dir, 'tracey-aggregator-notes');
    await mkdir(unrelated);

    const first = await LargeEventSpool.open();
    const second = await LargeEventSpool.open();
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
    expect(first.dir).not.toBe(second.dir);
    await first.close();
    expect(existsSync(second.dir)).toBe(true);
    await second.close();
    expect(existsSync(processSpoolDir())).toBe(false);
  });
});
