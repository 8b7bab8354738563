import { describe, expect, it } from 'vitest';
import { TraceyError } from '@tracey/common';
import type { WriteOutcome } from '@tracey/graph';
import type { EventRow } from '@tracey/graph';
import { writeBatch, type EventWriter } from './batch-writer.js';

// The row's text stands for its content: another hash, another text (unless given).
const text = (id: string, hash: string) => JSON.stringify({ id, hash });
const row = (id: string, hash = `h-${id}`, json = text(id, hash)): EventRow => ({
  id,
  type: 'T',
  label: undefined,
  hash,
  json,
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
          : { id: r.id, status: 'conflict', storedHash: previous, storedJson: text(r.id, previous) };
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

  it('takes a row of another hash holding the same value in another key order as a duplicate', async () => {
    const writer = new MemoryWriter();
    writer.stored.set('old', 'h-old');
    const results = await writeBatch(
      [
        row('a', 'h1', '{"x":1,"y":[2,3]}'),
        row('a', 'h2', '{ "y": [2, 3], "x": 1 }'),
        row('a', 'h3', '{"x":1,"y":[3,2]}'),
        // First of its id in the batch, a conflict; the second holds what is stored: a duplicate.
        row('old', 'h-new', '{"id":"old","hash":"new"}'),
        row('old', 'h-same', '{"hash":"h-old","id":"old"}'),
      ],
      { writer, retry },
    );
    expect(results.map((r) => r.status)).toEqual([
      'stored',
      'duplicate',
      'conflict',
      'conflict',
      'duplicate',
    ]);
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

  it('splits a write Neo4j refuses for its size until each part fits; a lone event that never fits is event-too-large', async () => {
    // Neo4j takes at most two rows at once, and never row 'big'.
    const memory = (rows: readonly EventRow[]) =>
      rows.length > 2 || rows.some((r) => r.id === 'big')
        ? new TraceyError('GRAPH_TOO_LARGE', 'memory pool', {
            retryable: false,
            details: { neo4jCode: 'Neo.TransientError.General.MemoryPoolOutOfMemoryError' },
          })
        : undefined;
    const writer = new MemoryWriter(Array.from({ length: 20 }, () => memory));
    const splits: number[] = [];
    const rows = [row('a'), row('b'), row('big', 'h'), row('c'), row('d')];
    const results = await writeBatch(rows, {
      writer,
      retry,
      onSplit: (reason, count) => splits.push(count),
    });
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'too-large', 'stored', 'stored']);
    expect(splits).toEqual([5, 3]);
    expect(writer.calls.filter((ids) => ids.length === 1 && ids[0] === 'big')).toHaveLength(3);
    expect(results[2]?.disposition).toMatchObject({
      action: 'dead-letter',
      reason: 'event-too-large',
      details: { eventId: 'big', bytes: Buffer.byteLength(text('big', 'h')), code: 'GRAPH_TOO_LARGE' },
    });
  });

  it('splits a batch after retryLimit transient failures, and never splits for Neo4j out of reach', async () => {
    const deadlock = (rows: readonly EventRow[]) =>
      rows.length > 1 ? new TraceyError('GRAPH_TRANSIENT', 'deadlock', { retryable: true }) : undefined;
    const splitting = new MemoryWriter(Array.from({ length: 10 }, () => deadlock));
    const splits: string[] = [];
    const results = await writeBatch([row('a'), row('b')], {
      writer: splitting,
      retry,
      retryLimit: 3,
      onSplit: (reason) => splits.push(reason),
    });
    expect(splits).toEqual(['retry-limit']);
    expect(splitting.calls).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b'], ['a'], ['b']]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored']);

    const down = new MemoryWriter(Array.from({ length: 5 }, () => unavailable));
    const stuck: boolean[] = [];
    await writeBatch([row('a'), row('b')], {
      writer: down,
      retry,
      retryLimit: 2,
      onSplit: () => splits.push('unexpected'),
      onStuck: (value) => stuck.push(value),
    });
    expect(down.calls).toHaveLength(6);
    expect(splits).toEqual(['retry-limit']);
    expect(stuck).toEqual([true, false]);
  });

  it('lets bugs through', async () => {
    const writer = new MemoryWriter([() => new TypeError('bug')]);
    await expect(writeBatch([row('a')], { writer, retry })).rejects.toThrow(TypeError);
  });
});
