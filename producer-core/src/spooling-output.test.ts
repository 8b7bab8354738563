import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testMessages } from './internal/test-messages.js';
import { MemoryOutput } from './testing/memory-output.js';
import { failed, retryable } from './output.js';
import { FileSpool } from './spool.js';
import { SpoolingOutput } from './spooling-output.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(`${tmpdir()}/tracey-spooling-`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SpoolingOutput', () => {
  it('spools what the output cannot take now and counts it as spooled', async () => {
    const inner = new MemoryOutput().failNext((batch) => retryable('connection refused', batch));
    const output = new SpoolingOutput(inner, new FileSpool(dir));
    const result = await output.publish(testMessages(3));
    expect(result).toEqual({ kind: 'success', spooled: 3, unroutable: [], reason: 'connection refused' });
    expect((await output.spool.status()).events).toBe(3);
  });

  it('re-sends the spool before the next publish, old events first', async () => {
    const inner = new MemoryOutput().failNext((batch) => retryable('down', batch));
    const output = new SpoolingOutput(inner, new FileSpool(dir));
    await output.publish(testMessages(2, 'old'));
    expect(await output.publish(testMessages(1, 'new'))).toMatchObject({ kind: 'success', spooled: 0 });
    expect(inner.ids()).toEqual(['old0', 'old1', 'new0']);
    expect(await output.spool.isEmpty()).toBe(true);
  });

  it('spools the new batch without a second attempt while the replay still fails', async () => {
    const inner = new MemoryOutput()
      .failNext((batch) => retryable('down', batch))
      .failNext((batch) => retryable('still down', batch));
    const output = new SpoolingOutput(inner, new FileSpool(dir));
    await output.publish(testMessages(1, 'a'));
    const result = await output.publish(testMessages(1, 'b'));
    expect(result).toMatchObject({ kind: 'success', spooled: 1, reason: 'still down' });
    expect(inner.messages).toEqual([]);
    expect((await output.spool.status()).events).toBe(2);
  });

  it('shares one replay between batches in flight', async () => {
    const inner = new MemoryOutput().failNext((batch) => retryable('down', batch));
    const output = new SpoolingOutput(inner, new FileSpool(dir));
    await output.publish(testMessages(2, 'old'));
    await Promise.all([output.publish(testMessages(1, 'a')), output.publish(testMessages(1, 'b'))]);
    expect(inner.ids().sort()).toEqual(['a0', 'b0', 'old0', 'old1']);
  });

  it('passes a permanent failure through unless told to spool it', async () => {
    const refuse = (batch: Parameters<typeof failed>[1]) => failed('access refused', batch);
    const plain = new SpoolingOutput(new MemoryOutput().failNext(refuse), new FileSpool(`${dir}/a`));
    expect((await plain.publish(testMessages(1))).kind).toBe('failure');
    const keeping = new SpoolingOutput(new MemoryOutput().failNext(refuse), new FileSpool(`${dir}/b`), {
      spoolFailures: true,
    });
    expect(await keeping.publish(testMessages(1))).toMatchObject({ kind: 'success', spooled: 1 });
  });
});
