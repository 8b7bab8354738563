import { z } from 'zod';
import {
  envVar,
  optionalBindVar,
  intVar,
  listVar,
  parseConfig,
  portVar,
  sharedVars,
  textVar,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';
import { WORKER_DEFAULTS } from './worker/worker-defaults.js';

/** Every environment variable the aggregator reads. */
export const aggregatorConfigSpec = {
  amqpUrl: sharedVars.amqpUrl,
  amqpCaFile: sharedVars.amqpCaFile,
  amqpCertFile: sharedVars.amqpCertFile,
  amqpKeyFile: sharedVars.amqpKeyFile,
  exchange: sharedVars.exchange,
  neo4jUrl: sharedVars.neo4jUrl,
  neo4jCaFile: sharedVars.neo4jCaFile,
  neo4jUser: sharedVars.neo4jUser,
  neo4jPassword: sharedVars.neo4jPassword,
  logLevel: sharedVars.logLevel,
  queue: textVar('TRACEY_QUEUE', 'tracey.aggregator', 'Durable quorum queue the workers consume.'),
  bindingKeys: listVar(
    'TRACEY_BINDING_KEYS',
    ['#'],
    'Comma-separated binding keys of the queue on the exchange.',
  ),
  deadLetterQueue: textVar(
    'TRACEY_DEAD_LETTER_QUEUE',
    'tracey.dead',
    'Queue that receives what cannot be stored, with the reason.',
  ),
  prefetch: intVar(
    'TRACEY_PREFETCH',
    1500,
    { min: 1, max: 65535 },
    'Unacknowledged messages a worker holds.',
  ),
  batchSize: intVar(
    'TRACEY_BATCH_SIZE',
    500,
    { min: 1, max: 10000 },
    'Most events written in one Neo4j transaction.',
  ),
  batchBytes: intVar(
    'TRACEY_BATCH_BYTES',
    WORKER_DEFAULTS.batchBytes,
    { min: 65_536, max: 1_073_741_824 },
    "Most bytes of events in one Neo4j transaction (a batch takes at least one event); sized from Neo4j's db.memory.transaction.total.max.",
  ),
  maxEventBytes: sharedVars.maxEventBytes,
  largeEventBytes: intVar(
    'TRACEY_LARGE_EVENT_BYTES',
    WORKER_DEFAULTS.largeEventBytes,
    { min: 1024, max: 134_217_728 },
    'Events over this size wait on local disk (the spool; the message stays unacknowledged) and are written one batch at a time, so that smaller events never wait behind them.',
  ),
  largeSpoolBytes: intVar(
    'TRACEY_LARGE_SPOOL_BYTES',
    WORKER_DEFAULTS.largeSpoolBytes,
    { min: 1_048_576, max: 1_099_511_627_776 },
    'Bytes of large events a worker keeps in its spool (<os.tmpdir()>/tracey-aggregator-<pid>) before it stops taking messages.',
  ),
  inflightBytes: intVar(
    'TRACEY_INFLIGHT_BYTES',
    WORKER_DEFAULTS.inflightBytes,
    { min: 1_048_576, max: 17_179_869_184 },
    'Bytes of messages a worker holds in memory: at half of this it stops taking more until a quarter is left; bounds its memory (docs/RELIABILITY.md#large-events-and-memory).',
  ),
  retryLimit: intVar(
    'TRACEY_RETRY_LIMIT',
    WORKER_DEFAULTS.retryLimit,
    { min: 1, max: 1000 },
    'Failed attempts of a write before it is split in two; a write that cannot be split is retried on and /ready says stuck.',
  ),
  batchMs: intVar('TRACEY_BATCH_MS', 50, { min: 0, max: 60000 }, 'Longest wait (ms) to fill a batch.'),
  writeConcurrency: intVar(
    'TRACEY_WRITE_CONCURRENCY',
    2,
    { min: 1, max: 16 },
    'Batches one worker writes at once, each in its own transaction.',
  ),
  mappersFile: envVar(
    'TRACEY_MAPPERS_FILE',
    z.string().min(1).optional(),
    'YAML file of mappers that turn CloudEvents other than CDEvents into CDEvents, tried after the built-in ones (docs/cdevents.md#mappers); read at start.',
  ),
  port: portVar('TRACEY_AGGREGATOR_PORT', 8082, 'Port of /health, /ready and /metrics.'),
  bind: sharedVars.bind,
  aggregatorBind: optionalBindVar(
    'TRACEY_AGGREGATOR_BIND',
    'Address of /health, /ready and /metrics; default TRACEY_BIND.',
  ),
} as const;

export type AggregatorConfig = ConfigOf<typeof aggregatorConfigSpec>;

/** Reads the aggregator's configuration from `env`, reporting every bad variable. */
export function loadAggregatorConfig(
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult<AggregatorConfig> {
  return parseConfig(aggregatorConfigSpec, env);
}
