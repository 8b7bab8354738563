import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { testMessages } from './internal/test-messages.js';
import { MemoryOutput } from './testing/memory-output.js';
import { retryable } from './output.js';
import { FileSpool } from './spool.js';

let dir: string;
beforeEach(async () => {
  dir = `${await mkdtemp(`${tmpdir()}/tracey-spool-`)}/spool`;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSpool', () => {
  it('is empty and reports nothing when the directory does not exist yet', async () => {
    const spool = new FileSpool(dir);
    expect(await spool.isEmpty()).toBe(true);
    expect(await spool.status()).toEqual({ dir, segments: 0, events: 0, bytes: 0 });
  });

  it('keeps appended messages in segments and drains them oldest first, each once', async () => {
    const spool = new FileSpool(dir);
    await spool.append(testMessages(3, 'a'));
    await spool.append(testMessages(2, 'b'));
    expect(await spool.status()).toMatchObject({ segments: 2, events: 5 });
    const output = new MemoryOutput();
    const result = await spool.drain((batch) => output.publish(batch), { batchSize: 2 });
    expect(result).toEqual({ delivered: 5, remaining: 0, unroutable: [] });
    expect(output.ids()).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(await spool.isEmpty()).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes back what was not taken and stops, so a failed flush loses nothing', async () => {
    const spool = new FileSpool(dir);
    await spool.append(testMessages(5));
    const output = new MemoryOutput().failNext((batch) => retryable('broker gone', batch.slice(1)));
    const result = await spool.drain((batch) => output.publish(batch), { batchSize: 2 });
    expect(result).toEqual({ delivered: 1, remaining: 4, unroutable: [], stoppedBecause: 'broker gone' });
    const again = await spool.drain((batch) => output.publish(batch));
    expect(again.delivered).toBe(4);
    expect(output.ids().sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('keeps the order across failed drains: what was put back is still sent first', async () => {
    const spool = new FileSpool(dir);
    await spool.append(testMessages(2, 'a'));
    await spool.append(testMessages(1, 'b'));
    const output = new MemoryOutput().failNext((batch) => retryable('broker gone', batch));
    expect((await spool.drain((batch) => output.publish(batch))).stoppedBecause).toBe('broker gone');
    await spool.append(testMessages(1, 'c'));
    expect(await spool.drain((batch) => output.publish(batch))).toMatchObject({ delivered: 4, remaining: 0 });
    expect(output.ids()).toEqual(['a0', 'a1', 'b0', 'c0']);
  });

  it('puts back a segment whose earlier put-back left a temporary file behind (crash midway)', async () => {
    const spool = new FileSpool(dir);
    await spool.append(testMessages(3));
    const [segment] = await readdir(dir);
    await writeFile(`${dir}/.tmp-${segment ?? ''}`, 'torn');
    const output = new MemoryOutput().failNext((batch) => retryable('broker gone', batch));
    expect(await spool.drain((batch) => output.publish(batch))).toMatchObject({
      delivered: 0,
      remaining: 3,
      stoppedBecause: 'broker gone',
    });
    expect(await readdir(dir)).toEqual([segment]);
    expect(await spool.drain((batch) => output.publish(batch))).toMatchObject({ delivered: 3, remaining: 0 });
    expect(output.ids()).toEqual(['m0', 'm1', 'm2']);
  });

  it('dates the oldest segment from when it was first written, not from its last put-back', async () => {
    const spool = new FileSpool(dir);
    const before = Date.now();
    await spool.append(testMessages(2));
    const after = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const output = new MemoryOutput().failNext((batch) => retryable('broker gone', batch));
    expect((await spool.drain((batch) => output.publish(batch))).stoppedBecause).toBe('broker gone');
    const oldest = (await spool.status()).oldest?.getTime() ?? 0;
    expect(oldest).toBeGreaterThanOrEqual(before);
    expect(oldest).toBeLessThanOrEqual(after);
  });

  it('takes back a segment claimed by a drain that died midway', async () => {
    const spool = new FileSpool(dir);
    await spool.append(testMessages(2));
    const [segment] = await readdir(dir);
    // A drain of a process that no longer exists (pid 2^22+1 is beyond Linux's pid_max default).
    await rename(`${dir}/${segment ?? ''}`, `${dir}/${segment ?? ''}.claimed-4194305`);
    expect(await spool.isEmpty()).toBe(false);
    const output = new MemoryOutput();
    expect((await spool.drain((batch) => output.publish(batch))).delivered).toBe(2);
  });

  it('leaves segments claimed by a live drain alone, so concurrent drains send each message once', async () => {
    const spool = new FileSpool(dir);
    for (let i = 0; i < 4; i += 1) await spool.append(testMessages(3, `s${i}-`));
    const output = new MemoryOutput();
    let firstSend: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (firstSend = resolve));
    const slowSend = async (batch: Parameters<MemoryOutput['publish']>[0]) => {
      firstSend();
      await new Promise((resolve) => setTimeout(resolve, 5));
      return output.publish(batch);
    };
    // The later drains start while the first one is sending a segment it has claimed.
    const first = spool.drain(slowSend);
    await sending;
    const results = await Promise.all([first, spool.drain(slowSend), spool.drain(slowSend)]);
    expect(results.reduce((sum, result) => sum + result.delivered, 0)).toBe(12);
    expect(output.ids()).toHaveLength(12);
    expect(new Set(output.ids()).size).toBe(12);
    expect(await spool.isEmpty()).toBe(true);
  });

  it('refuses a segment edited by hand instead of dropping its events', async () => {
    const spool = new FileSpool(dir);
    await spool.append(testMessages(1));
    await writeFile(`${dir}/seg-000000000000001000001-1-abcdef012345.ndjson`, '{"not":"a message"}\n');
    const output = new MemoryOutput();
    const error: unknown = await spool.drain((batch) => output.publish(batch)).catch((e: unknown) => e);
    expect(isTraceyError(error, 'PRODUCER_SPOOL_CORRUPT')).toBe(true);
  });
});
