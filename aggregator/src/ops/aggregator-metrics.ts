import { createCounter, createGauge, createHistogram, createMetricsRegistry } from '@tracey/http-kit';

const SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60,
];

/**
 * The aggregator's series: what a worker consumed, wrote and dead-lettered, and how fast; its
 * registry also holds the process's (`process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, …).
 */
export function createAggregatorMetrics() {
  const registry = createMetricsRegistry();
  return {
    registry,
    consumed: createCounter(
      registry,
      'tracey_aggregator_messages_consumed_total',
      'Messages delivered to this worker.',
    ),
    written: createCounter(
      registry,
      'tracey_aggregator_events_written_total',
      'Events stored in the graph for the first time.',
    ),
    duplicates: createCounter(
      registry,
      'tracey_aggregator_events_duplicate_total',
      'Events already stored with the same content (acked).',
    ),
    deadLettered: createCounter(
      registry,
      'tracey_aggregator_messages_dead_lettered_total',
      'Messages sent to the dead-letter queue, by reason.',
      ['reason'],
    ),
    retries: createCounter(
      registry,
      'tracey_aggregator_write_retries_total',
      'Batch writes retried after a transient Neo4j error.',
    ),
    splits: createCounter(
      registry,
      'tracey_aggregator_write_splits_total',
      'Writes split in two, by reason: too-large (Neo4j refused it for its size) or retry-limit.',
      ['reason'],
    ),
    stuckWrites: createGauge(
      registry,
      'tracey_aggregator_stuck_writes',
      'Writes that failed TRACEY_RETRY_LIMIT times, cannot be split further and are still retried; /ready is 503 while above 0.',
    ),
    largeEventsSpooled: createCounter(
      registry,
      'tracey_aggregator_large_events_spooled_total',
      'Events over TRACEY_LARGE_EVENT_BYTES whose bodies waited in the spool on disk.',
    ),
    consumerPauses: createCounter(
      registry,
      'tracey_aggregator_consumer_pauses_total',
      'Times the worker stopped taking messages because it held its byte budget (TRACEY_INFLIGHT_BYTES, TRACEY_LARGE_SPOOL_BYTES).',
    ),
    heldBytes: createGauge(
      registry,
      'tracey_aggregator_held_bytes',
      'Bytes of messages received and not yet settled.',
    ),
    spooledBytes: createGauge(
      registry,
      'tracey_aggregator_spooled_bytes',
      'Bytes of large event bodies in the spool on disk (bounded by TRACEY_LARGE_SPOOL_BYTES).',
    ),
    oldestHeldSeconds: createGauge(
      registry,
      'tracey_aggregator_oldest_unsettled_seconds',
      'Age of the oldest message received and not yet settled: grows while a write is stuck.',
    ),
    batchSize: createHistogram(
      registry,
      'tracey_aggregator_batch_size',
      'Events per Neo4j transaction.',
      [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    ),
    batchSeconds: createHistogram(
      registry,
      'tracey_aggregator_batch_duration_seconds',
      'Time to write one batch, retries included.',
      SECONDS,
    ),
    ingestSeconds: createHistogram(
      registry,
      'tracey_aggregator_ingest_latency_seconds',
      'From the publish time of a message (header timestamp_in_ms, else the timestamp property) to its commit.',
      [0.001, 0.0025, ...SECONDS],
    ),
    placeholders: createGauge(
      registry,
      'tracey_aggregator_placeholders',
      'Placeholder nodes: link targets whose event has not arrived.',
    ),
  };
}

export type AggregatorMetrics = ReturnType<typeof createAggregatorMetrics>;
