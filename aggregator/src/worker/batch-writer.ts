import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, isTraceyError, type BackoffPolicy, type TraceyError } from '@tracey/common';
import type { WriteOutcome } from '@tracey/graph';
import type { EventRow } from '@tracey/graph';
import { GRAPH_ERROR_CODES, sameContent } from '@tracey/graph';
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
  /**
   * Failed attempts of one write before it is split in two and the halves are written on their
   * own. Default {@link DEFAULT_RETRY_LIMIT}. Neo4j out of reach is not split (no part would
   * fit better): it is retried for as long as it takes, and so is one event alone.
   */
  readonly retryLimit?: number;
  /** Called when a write is split: Neo4j refused it for its size, or it reached `retryLimit`. */
  readonly onSplit?: (reason: SplitReason, rows: number) => void;
  /**
   * Called with `true` when a write that cannot be split further has failed `retryLimit` times
   * and is still retried (the worker is stuck), and with `false` once that write is over.
   */
  readonly onStuck?: (stuck: boolean) => void;
}

/** Why a write was split. */
export type SplitReason = 'too-large' | 'retry-limit';

/** Default failed attempts of one write before it is split. */
export const DEFAULT_RETRY_LIMIT = 8;

/** Attempts of one event alone that Neo4j refuses for its size before it is dead-lettered. */
export const LONE_TOO_LARGE_ATTEMPTS = 3;

/** The result for one item of a batch. */
export interface ItemResult {
  readonly status: 'stored' | 'duplicate' | 'conflict' | 'rejected' | 'too-large' | 'requeued';
  readonly disposition: Disposition;
}

type RowResult =
  | WriteOutcome
  | { readonly id: string; readonly status: 'rejected' | 'too-large'; readonly error: TraceyError }
  | { readonly id: string; readonly status: 'requeued' };

/**
 * Writes the rows of a batch and decides each item's disposition. Rows with the same id are
 * written once; the others are duplicates or conflicts of it. Transient errors are retried with
 * exponential backoff (the messages stay unacknowledged, so nothing is redelivered or
 * dead-lettered meanwhile); after `retryLimit` failed attempts the batch is split in two and each
 * half written on its own. A batch Neo4j rejects is split to find the rows it rejects, and only
 * those are dead-lettered; a batch Neo4j refuses for its size is split until each part fits, and
 * an event that alone does not fit is dead-lettered as `event-too-large`.
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
  if (result.status === 'too-large') {
    return {
      status: 'too-large',
      disposition: deadLetter('event-too-large', {
        eventId: row.id,
        bytes: Buffer.byteLength(row.json),
        code: result.error.code,
        neo4jCode: result.error.details['neo4jCode'],
        error: result.error.message,
      }),
    };
  }
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
  const inGraph = result.status === 'conflict' ? { hash: result.storedHash, json: result.storedJson } : first;
  if (!sameContent(row, inGraph)) return conflict(row, inGraph.hash);
  return { status: row === first && result.status === 'stored' ? 'stored' : 'duplicate', disposition: ACK };
}

function conflict(row: EventRow, storedHash: string): ItemResult {
  return {
    status: 'conflict',
    disposition: deadLetter('conflict', { eventId: row.id, storedHash, receivedHash: row.hash }),
  };
}

async function writeUnique(rows: readonly EventRow[], options: BatchWriterOptions): Promise<RowResult[]> {
  const limit = options.retryLimit ?? DEFAULT_RETRY_LIMIT;
  let stuck = false;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await options.writer.writeEvents(rows);
      } catch (error) {
        if (!isTraceyError(error)) throw error;
        if (error.code === GRAPH_ERROR_CODES.rejected)
          return await split(rows, options, () => [
            { id: (rows[0] as EventRow).id, status: 'rejected', error },
          ]);
        if (error.code === GRAPH_ERROR_CODES.tooLarge) {
          if (rows.length > 1) return await split(rows, options, undefined, 'too-large');
          // Alone: too large for good, or the memory pool was full of other transactions.
          if (attempt >= LONE_TOO_LARGE_ATTEMPTS)
            return [{ id: (rows[0] as EventRow).id, status: 'too-large', error }];
        } else if (attempt >= limit && rows.length > 1 && error.code !== GRAPH_ERROR_CODES.unavailable) {
          return await split(rows, options, undefined, 'retry-limit');
        }
        if (options.signal?.aborted === true) return requeued(rows);
        if (attempt >= limit && !stuck) {
          stuck = true;
          options.onStuck?.(true);
        }
        const delayMs = backoffDelay(attempt, options.retry);
        options.onRetry?.(error, attempt, delayMs);
        try {
          await sleep(delayMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
        } catch {
          return requeued(rows);
        }
      }
    }
  } finally {
    if (stuck) options.onStuck?.(false);
  }
}

function requeued(rows: readonly EventRow[]): RowResult[] {
  return rows.map((row) => ({ id: row.id, status: 'requeued' }));
}

// Halves the rows and writes each half on its own; `alone` answers for a single row instead.
async function split(
  rows: readonly EventRow[],
  options: BatchWriterOptions,
  alone: (() => RowResult[]) | undefined,
  reason?: SplitReason,
): Promise<RowResult[]> {
  if (rows.length === 1 && alone !== undefined) return alone();
  if (reason !== undefined) options.onSplit?.(reason, rows.length);
  const middle = Math.ceil(rows.length / 2);
  const first = await writeUnique(rows.slice(0, middle), options);
  // Stopping: the second half is not tried; it goes back to the queue.
  if (options.signal?.aborted === true) return [...first, ...requeued(rows.slice(middle))];
  return [...first, ...(await writeUnique(rows.slice(middle), options))];
}
