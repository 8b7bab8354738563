import { DEFAULT_MAX_EVENT_BYTES } from '@tracey/common';
import { DEFAULT_RETRY_LIMIT } from './batch-writer.js';

const MiB = 1024 * 1024;

/**
 * The worker's byte limits and retry ceiling when not configured. Sized for Neo4j's
 * `db.memory.transaction.total.max=256m` (scripts/services.sh, docker-compose.yml): Neo4j needs about
 * three times an event's bytes in transaction memory, so two concurrent batches of 16 MiB take
 * about 96 MiB, and two workers fit (docs/RELIABILITY.md#large-events-and-memory).
 */
export const WORKER_DEFAULTS = {
  /** Most bytes of events in one Neo4j transaction. */
  batchBytes: 16 * MiB,
  /** Largest event stored: what the HTTP intakes accept (8 MiB). */
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
  /** Events over this size go through the large-event queue. */
  largeEventBytes: 1 * MiB,
  /** Bytes of messages a worker holds before it pauses its consumer. */
  inflightBytes: 64 * MiB,
  /** Failed attempts of one write before it is split. */
  retryLimit: DEFAULT_RETRY_LIMIT,
};
