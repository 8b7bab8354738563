import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * A service's own registry with prom-client's default series (process memory and CPU, heap, GC,
 * event-loop lag). One per service, never prom-client's global one: tests run several services
 * in one process, and each must show its own series.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * A counter of `registry`. One with labels shows `name 0` before its first count, so a series
 * is there to scrape (and to read as 0) from the start.
 */
export function createCounter<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  const counter = new Counter<L>({ name, help, labelNames, registers: [registry] });
  if (labelNames.length > 0) counter.inc(0);
  return counter;
}

/** A gauge of `registry`, with labels when given. */
export function createGauge<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Gauge<L> {
  return new Gauge<L>({ name, help, labelNames, registers: [registry] });
}

/** A histogram of `registry` with `buckets` as upper bounds. */
export function createHistogram<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  buckets: readonly number[],
  labelNames: readonly L[] = [],
): Histogram<L> {
  return new Histogram<L>({ name, help, buckets: [...buckets], labelNames, registers: [registry] });
}
