import { Counter, Gauge, Histogram, MetricsRegistry } from './metrics.js';

const SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60,
];

/** The aggregator's series: what a worker consumed, wrote and dead-lettered, and how fast. */
export function createAggregatorMetrics() {
  const registry = new MetricsRegistry();
  return {
    registry,
    consumed: registry.register(
      new Counter('tracey_aggregator_messages_consumed_total', 'Messages delivered to this worker.'),
    ),
    written: registry.register(
      new Counter('tracey_aggregator_events_written_total', 'Events stored in the graph for the first time.'),
    ),
    duplicates: registry.register(
      new Counter(
        'tracey_aggregator_events_duplicate_total',
        'Events already stored with the same content (acked).',
      ),
    ),
    deadLettered: registry.register(
      new Counter(
        'tracey_aggregator_messages_dead_lettered_total',
        'Messages sent to the dead-letter queue, by reason.',
      ),
    ),
    retries: registry.register(
      new Counter(
        'tracey_aggregator_write_retries_total',
        'Batch writes retried after a transient Neo4j error.',
      ),
    ),
    splits: registry.register(
      new Counter(
        'tracey_aggregator_write_splits_total',
        'Writes split in two, by reason: too-large (Neo4j refused it for its size) or retry-limit.',
      ),
    ),
    stuckWrites: registry.register(
      new Gauge(
        'tracey_aggregator_stuck_writes',
        'Writes that failed TRACEY_RETRY_LIMIT times, cannot be split further and are still retried; /ready is 503 while above 0.',
      ),
    ),
    largeEventsSpooled: registry.register(
      new Counter(
        'tracey_aggregator_large_events_spooled_total',
        'Events over TRACEY_LARGE_EVENT_BYTES whose bodies waited in the spool on disk.',
      ),
    ),
    consumerPauses: registry.register(
      new Counter(
        'tracey_aggregator_consumer_pauses_total',
        'Times the worker stopped taking messages because it held its byte budget (TRACEY_INFLIGHT_BYTES, TRACEY_LARGE_SPOOL_BYTES).',
      ),
    ),
    heldBytes: registry.register(
      new Gauge('tracey_aggregator_held_bytes', 'Bytes of messages received and not yet settled.'),
    ),
    spooledBytes: registry.register(
      new Gauge(
        'tracey_aggregator_spooled_bytes',
        'Bytes of large event bodies in the spool on disk (bounded by TRACEY_LARGE_SPOOL_BYTES).',
      ),
    ),
    oldestHeldSeconds: registry.register(
      new Gauge(
        'tracey_aggregator_oldest_unsettled_seconds',
        'Age of the oldest message received and not yet settled: grows while a write is stuck.',
      ),
    ),
    batchSize: registry.register(
      new Histogram(
        'tracey_aggregator_batch_size',
        'Events per Neo4j transaction.',
        [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      ),
    ),
    batchSeconds: registry.register(
      new Histogram(
        'tracey_aggregator_batch_duration_seconds',
        'Time to write one batch, retries included.',
        SECONDS,
      ),
    ),
    ingestSeconds: registry.register(
      new Histogram(
        'tracey_aggregator_ingest_latency_seconds',
        'From the publish time of a message (header timestamp_in_ms, else the timestamp property) to its commit.',
        [0.001, 0.0025, ...SECONDS],
      ),
    ),
    placeholders: registry.register(
      new Gauge(
        'tracey_aggregator_placeholders',
        'Placeholder nodes: link targets whose event has not arrived.',
      ),
    ),
    residentMemory: registry.register(
      new Gauge('process_resident_memory_bytes', 'Resident memory of the worker.'),
    ),
  };
}

export type AggregatorMetrics = ReturnType<typeof createAggregatorMetrics>;
