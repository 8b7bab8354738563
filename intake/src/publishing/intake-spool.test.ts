import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@tracey/common';
import { FileSpool, retryable, type Output } from '@tracey/producer-core';
import { MemoryOutput } from '@tracey/producer-core/testing';
import type { PublishableMessage } from '@tracey/schemas';
import { IntakeSpool, SPOOL_FULL_REASON } from './intake-spool.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(`${tmpdir()}/tracey-intake-spool-`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const message = (id: string, bytes = 10): PublishableMessage => ({
  routingKey: 'eiffel.test',
  contentType: 'application/json',
  messageId: id,
  body: 'x'.repeat(bytes),
});
const down = (batch: readonly PublishableMessage[]) => retryable('broker gone', batch);

function intake(inner: MemoryOutput, maxBytes = 1_000_000, flushIntervalMs = 60_000): IntakeSpool {
  return new IntakeSpool({ inner, spool: new FileSpool(dir), maxBytes, flushIntervalMs });
}

describe('IntakeSpool', () => {
  it('spools what the broker does not take, counts it as taken, and shows depth and age', async () => {
    const inner = new MemoryOutput().failNext(down);
    const spool = intake(inner);
    const result = await spool.publish([message('a'), message('b')]);
    expect(result).toMatchObject({ kind: 'success', spooled: 2, reason: 'broker gone' });
    expect(spool.state()).toMatchObject({ events: 2, lastError: 'broker gone' });
    expect(inner.ids()).toEqual([]);
  });

  it('keeps new events behind waiting ones, and sends each id once, in order', async () => {
    // Down for the first publish and for the replay the second one tries first.
    const inner = new MemoryOutput().failNext(down).failNext(down);
    // No pause after a failed flush: each publish flushes first.
    const spool = intake(inner, 1_000_000, 0);
    await spool.publish([message('a'), message('b')]);
    expect(await spool.publish([message('b'), message('c')])).toMatchObject({ spooled: 2 });
    // Back: the next publish flushes the waiting events first, 'b' once.
    expect(await spool.publish([message('d')])).toMatchObject({ kind: 'success', spooled: 0 });
    expect(inner.ids()).toEqual(['a', 'b', 'c', 'd']);
    expect(spool.state()).toMatchObject({ events: 0, oldestAgeMs: 0 });
  });

  it('does not flush before each publish during an outage, only after the flush interval', async () => {
    const sent: number[] = [];
    const counting: Output = {
      name: 'down',
      publish: (batch) => {
        sent.push(batch.length);
        return Promise.resolve(down(batch));
      },
      flush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const spool = new IntakeSpool({
      inner: counting,
      spool: new FileSpool(dir),
      maxBytes: 1_000_000,
      flushIntervalMs: 60_000,
    });
    await spool.publish([message('a')]); // the broker refuses: spooled
    await spool.publish([message('b')]); // a flush first, which fails: spooled behind
    expect(sent).toEqual([1, 1]);
    for (const id of ['c', 'd', 'e'])
      expect(await spool.publish([message(id)])).toMatchObject({ spooled: 1 });
    expect(sent).toEqual([1, 1]);
    expect(spool.state()).toMatchObject({ events: 5, lastError: 'broker gone' });
    // The timer's flush still tries (the oldest segment first).
    await spool.replay();
    expect(sent).toEqual([1, 1, 1]);
  });

  it('refuses a batch the spool has no room for, keeping nothing of it', async () => {
    const inner = new MemoryOutput().failNext(down).failNext(down).failNext(down);
    const spool = intake(inner, 300);
    expect(await spool.publish([message('a', 150)])).toMatchObject({ spooled: 1 });
    const full = await spool.publish([message('b', 150)]);
    expect(full.kind).toBe('failure');
    expect(full).toMatchObject({ kind: 'failure', code: SPOOL_FULL_REASON });
    expect(spool.state()).toMatchObject({ events: 1, refused: true });
    // Still down for one more flush; then back: that flush frees the room.
    await spool.replay();
    expect(spool.state()).toMatchObject({ events: 1, refused: true });
    await spool.replay();
    expect(spool.state()).toMatchObject({ events: 0, refused: false });
  });

  it('never rejects a flush, so one from the timer cannot end the process', async () => {
    const inner = new MemoryOutput().failNext(down);
    class UnreadableSpool extends FileSpool {
      override status(): never {
        throw new Error('spool directory unreadable');
      }
    }
    const lines: string[] = [];
    const destination = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ name: 'test', level: 'error', destination });
    const spool = new IntakeSpool({
      inner,
      spool: new UnreadableSpool(dir),
      maxBytes: 1_000_000,
      flushIntervalMs: 60_000,
      logger,
    });
    await spool.publish([message('a')]);
    await expect(spool.replay()).resolves.toBeUndefined();
    expect(spool.state()).toMatchObject({ lastError: 'spool directory unreadable' });
    expect(lines.join('')).toContain('spool flush failed');
  });

  it('sends what an earlier process left when it starts', async () => {
    await new FileSpool(dir).append([message('old')]);
    const inner = new MemoryOutput();
    const spool = intake(inner);
    await spool.start();
    await spool.replay();
    expect(inner.ids()).toEqual(['old']);
    await spool.shutdown();
  });
});
