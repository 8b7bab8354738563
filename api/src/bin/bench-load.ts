import type { EventGraph, EventRow } from '@tracey/graph';
import { benchEventRow } from '@tracey/graph/testing';

// What bench:query and bench:dora share: loading generated events the way one aggregator worker
// writes them, and the quantiles of their timings.

const BATCH_SIZE = 1000;

/**
 * Writes `events` through `graph.writeEvents` in batches of 1,000 with two transactions in flight,
 * as one aggregator worker does; logs every 100,000; answers the events per second.
 */
export async function loadEvents(
  graph: EventGraph,
  events: Iterable<unknown>,
  total: number,
  log: (message: string) => void,
): Promise<number> {
  const started = performance.now();
  let batch: EventRow[] = [];
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  const flush = async () => {
    const rows = batch;
    batch = [];
    const write = graph.writeEvents(rows).then(() => {
      written += rows.length;
      if (written % 100_000 < rows.length) log(`loaded ${written} of ${total}`);
    });
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };
  for (const event of events) {
    batch.push(benchEventRow(JSON.parse(JSON.stringify(event))));
    if (batch.length === BATCH_SIZE) await flush();
  }
  if (batch.length > 0) await flush();
  await Promise.all(inFlight);
  return total / ((performance.now() - started) / 1000);
}

/** The first `n` of `events`. */
export function* firstEvents<T>(events: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  if (n <= 0) return;
  for (const event of events) {
    yield event;
    if (++i >= n) return;
  }
}

/** The `q` quantile of sorted timings (the nearest rank below). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
