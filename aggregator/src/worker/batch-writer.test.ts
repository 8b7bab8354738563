import { describe, expect, it } from 'vitest';
import { TraceyError } from '@tracey/common';
import type { WriteOutcome } from '../graph/event-graph.js';
import type { EventRow } from '../graph/event-row.js';
import { writeBatch, type EventWriter } from './batch-writer.js';

const row = (id: string, hash = `h-${id}`): EventRow => ({
  id,
  type: 'T',
  label: undefined,
  hash,
  json: '{}',
  properties: {},
  links: [],
});

/** An in-memory graph: id → hash, with scripted failures. */
class MemoryWriter implements EventWriter {
  readonly stored = new Map<string, string>();
  readonly calls: string[][] = [];
  constructor(private readonly failures: ((rows: readonly EventRow[]) => Error | undefined)[] = []) {}

  writeEvents(rows: readonly EventRow[]): Promise<WriteOutcome[]> {
    this.calls.push(rows.map((r) => r.id));
    const failure = this.failures.shift()?.(rows);
    if (failure !== undefined) return Promise.reject(failure);
    return Promise.resolve(
      rows.map((r): WriteOutcome => {
        const previous = this.stored.get(r.id);
        if (previous === undefined) {
          this.stored.set(r.id, r.hash);
          return { id: r.id, status: 'stored' };
        }
        return previous === r.hash
          ? { id: r.id, status: 'duplicate' }
          : { id: r.id, status: 'conflict', storedHash: previous };
      }),
    );
  }
}

const retry = { initialDelayMs: 1, maxDelayMs: 2 };
const unavailable = () => new TraceyError('GRAPH_UNAVAILABLE', 'down', { retryable: true });

describe('writeBatch', () => {
  it('writes each id once and tells stored, duplicate and conflict apart', async () => {
    const writer = new MemoryWriter();
    writer.stored.set('old', 'h-old');
    const results = await writeBatch(
      [row('a'), row('a'), row('a', 'other'), row('old'), row('old', 'changed')],
      { writer, retry },
    );
    expect(writer.calls).toEqual([['a', 'old']]);
    expect(results.map((r) => r.status)).toEqual([
      'stored',
      'duplicate',
      'conflict',
      'duplicate',
      'conflict',
    ]);
    expect(results[2]?.disposition).toEqual({
      action: 'dead-letter',
      reason: 'conflict',
      details: { eventId: 'a', storedHash: 'h-a', receivedHash: 'other' },
    });
    expect(results[0]?.disposition).toEqual({ action: 'ack' });
  });

  it('retries transient errors until the write succeeds, reporting each retry', async () => {
    const writer = new MemoryWriter([unavailable, unavailable]);
    const retries: number[] = [];
    const results = await writeBatch([row('a')], {
      writer,
      retry,
      onRetry: (_e, attempt) => retries.push(attempt),
    });
    expect(retries).toEqual([1, 2]);
    expect(results.map((r) => r.status)).toEqual(['stored']);
  });

  it('requeues instead of retrying once aborted', async () => {
    const writer = new MemoryWriter([unavailable, unavailable, unavailable]);
    const abort = new AbortController();
    const results = await writeBatch([row('a'), row('b')], {
      writer,
      retry,
      signal: abort.signal,
      onRetry: () => abort.abort(),
    });
    expect(results.map((r) => r.disposition)).toEqual([{ action: 'requeue' }, { action: 'requeue' }]);
  });

  it('finds the rows Neo4j rejects by halving the batch, and dead-letters only those', async () => {
    const rejectB = (rows: readonly EventRow[]) =>
      rows.some((r) => r.id === 'b')
        ? new TraceyError('GRAPH_REJECTED', 'bad property', { retryable: false })
        : undefined;
    const writer = new MemoryWriter([rejectB, rejectB, rejectB, rejectB]);
    const results = await writeBatch([row('a'), row('b'), row('c'), row('d')], { writer, retry });
    expect(results.map((r) => r.status)).toEqual(['stored', 'rejected', 'stored', 'stored']);
    expect(results[1]?.disposition).toMatchObject({
      action: 'dead-letter',
      reason: 'store-rejected',
      details: { code: 'GRAPH_REJECTED' },
    });
  });

  it('lets bugs through', async () => {
    const writer = new MemoryWriter([() => new TypeError('bug')]);
    await expect(writeBatch([row('a')], { writer, retry })).rejects.toThrow(TypeError);
  });
});
