import { describe, expect, it } from 'vitest';
import { testMessages } from './internal/test-messages.js';
import { MemoryOutput } from './testing/memory-output.js';
import { MultiOutput } from './multi-output.js';
import { failed, retryable } from './output.js';

describe('MultiOutput', () => {
  it('sends each batch to every output and shuts them all down', async () => {
    const [a, b] = [new MemoryOutput('a'), new MemoryOutput('b')];
    const multi = new MultiOutput([a, b]);
    expect(multi.name).toBe('a+b');
    expect(await multi.publish(testMessages(2))).toEqual({ kind: 'success', spooled: 0, unroutable: [] });
    await multi.shutdown();
    expect([a.ids(), b.ids(), a.isShutdown, b.isShutdown]).toEqual([['m0', 'm1'], ['m0', 'm1'], true, true]);
  });

  it('reports retryable when one output is, with the union of what was not taken', async () => {
    const a = new MemoryOutput().failNext((batch) => retryable('a down', batch.slice(0, 1)));
    const b = new MemoryOutput().failNext((batch) => retryable('b down', batch.slice(0, 2)));
    const result = await new MultiOutput([a, b]).publish(testMessages(3));
    expect(result.kind).toBe('retryable');
    expect(result.kind !== 'success' && result.undelivered.map((m) => m.messageId)).toEqual(['m0', 'm1']);
    expect(result.kind !== 'success' && result.reason).toBe('a down; b down');
  });

  it('reports failure when any output refuses for good', async () => {
    const a = new MemoryOutput().failNext((batch) => failed('refused', batch));
    const b = new MemoryOutput().failNext((batch) => retryable('down', batch));
    expect((await new MultiOutput([b, a]).publish(testMessages(1))).kind).toBe('failure');
  });
});
