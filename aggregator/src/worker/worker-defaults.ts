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
  /** Events over this size wait in the spool on disk and are written one batch at a time. */
  largeEventBytes: 1 * MiB,
  /** Bytes of message bodies a worker holds in memory: at half of this it pauses its consumer. */
  inflightBytes: 64 * MiB,
  /** Bytes of large event bodies in the spool before the worker pauses its consumer. */
  largeSpoolBytes: 1024 * MiB,
  /** Failed attempts of one write before it is split. */
  retryLimit: DEFAULT_RETRY_LIMIT,
};
