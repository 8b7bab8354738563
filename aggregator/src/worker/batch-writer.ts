import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, isTraceyError, type BackoffPolicy, type TraceyError } from '@tracey/common';
import type { WriteOutcome } from '../graph/event-graph.js';
import type { EventRow } from '../graph/event-row.js';
import { GRAPH_ERROR_CODES } from '../graph/graph-error.js';
import { ACK, deadLetter, REQUEUE, type Disposition } from './disposition.js';

/** What a batch writer needs of the graph. */
export interface EventWriter {
  writeEvents(rows: readonly EventRow[]): Promise<WriteOutcome[]>;
}

/** Waits between retries of a failed write: first `initialDelayMs`, doubling to `maxDelayMs`. */
export type RetryPolicy = BackoffPolicy;

export interface BatchWriterOptions {
  readonly writer: EventWriter;
  readonly retry: RetryPolicy;
  /** Aborted: stop retrying; what is not written is requeued. */
  readonly signal?: AbortSignal;
  /** Called before each wait, for logs and metrics. */
  readonly onRetry?: (error: TraceyError, attempt: number, delayMs: number) => void;
}

/** The result for one item of a batch. */
export interface ItemResult {
  readonly status: 'stored' | 'duplicate' | 'conflict' | 'rejected' | 'requeued';
  readonly disposition: Disposition;
}

type RowResult =
  | WriteOutcome
  | { readonly id: string; readonly status: 'rejected'; readonly error: TraceyError }
  | { readonly id: string; readonly status: 'requeued' };

/**
 * Writes the rows of a batch and decides each item's disposition. Rows with the same id are
 * written once; the others are duplicates or conflicts of it. Transient errors are retried with
 * exponential backoff for as long as it takes (the messages stay unacknowledged, so nothing is
 * redelivered or dead-lettered meanwhile); a batch Neo4j rejects is split to find the rows it
 * rejects, and only those are dead-lettered.
 */
export async function writeBatch(
  rows: readonly EventRow[],
  options: BatchWriterOptions,
): Promise<ItemResult[]> {
  const firsts = new Map<string, EventRow>();
  for (const row of rows) if (!firsts.has(row.id)) firsts.set(row.id, row);
  const results = new Map<string, RowResult>();
  for (const result of await writeUnique([...firsts.values()], options)) results.set(result.id, result);
  return rows.map((row) => itemResult(row, firsts.get(row.id) ?? row, results.get(row.id)));
}

function itemResult(row: EventRow, first: EventRow, result: RowResult | undefined): ItemResult {
  if (result === undefined || result.status === 'requeued')
    return { status: 'requeued', disposition: REQUEUE };
  if (result.status === 'rejected') {
    return {
      status: 'rejected',
      disposition: deadLetter('store-rejected', {
        eventId: row.id,
        code: result.error.code,
        error: result.error.message,
      }),
    };
  }
  // The content in the graph now: what was found there, or the first row of this batch.
  const inGraph = result.status === 'conflict' ? result.storedHash : first.hash;
  if (row.hash !== inGraph) return conflict(row, inGraph);
  return { status: row === first && result.status === 'stored' ? 'stored' : 'duplicate', disposition: ACK };
}

function conflict(row: EventRow, storedHash: string): ItemResult {
  return {
    status: 'conflict',
    disposition: deadLetter('conflict', { eventId: row.id, storedHash, receivedHash: row.hash }),
  };
}

async function writeUnique(rows: readonly EventRow[], options: BatchWriterOptions): Promise<RowResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.writer.writeEvents(rows);
    } catch (error) {
      if (!isTraceyError(error)) throw error;
      if (error.code === GRAPH_ERROR_CODES.rejected) return isolate(rows, error, options);
      if (options.signal?.aborted === true) return rows.map((row) => ({ id: row.id, status: 'requeued' }));
      const delayMs = backoffDelay(attempt, options.retry);
      options.onRetry?.(error, attempt, delayMs);
      try {
        await sleep(delayMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
      } catch {
        return rows.map((row) => ({ id: row.id, status: 'requeued' }));
      }
    }
  }
}

// Neo4j rejected the batch: halves until the rows it rejects on their own are found.
async function isolate(
  rows: readonly EventRow[],
  error: TraceyError,
  options: BatchWriterOptions,
): Promise<RowResult[]> {
  const [only] = rows;
  if (rows.length === 1 && only !== undefined) return [{ id: only.id, status: 'rejected', error }];
  const middle = Math.ceil(rows.length / 2);
  return [
    ...(await writeUnique(rows.slice(0, middle), options)),
    ...(await writeUnique(rows.slice(middle), options)),
  ];
}
