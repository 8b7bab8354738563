export { aggregatorConfigSpec, loadAggregatorConfig } from './config.js';
export type { AggregatorConfig } from './config.js';
export { EventGraph } from './graph/event-graph.js';
export type {
  EventGraphOptions,
  MissingLinkTarget,
  Neo4jConnectionOptions,
  TransactionOptions,
  WriteOutcome,
} from './graph/event-graph.js';
export { toEventRow } from './graph/event-row.js';
export type { EventRow, LinkRow, ParsedEvent } from './graph/event-row.js';
export { contentHash, canonicalJson } from './graph/content-hash.js';
export { GRAPH_ERROR_CODES, toGraphError } from './graph/graph-error.js';
export type { GraphErrorCode } from './graph/graph-error.js';
export {
  EVENT_LABEL,
  PLACEHOLDER_LABEL,
  GENERIC_LINK_TYPE,
  checkedVocabulary,
  eiffelGraphVocabulary,
} from './graph/graph-vocabulary.js';
export type { GraphVocabulary } from './graph/graph-vocabulary.js';
export {
  CREATE_LINKS_CYPHER,
  HISTORY_CHAIN_LINKS,
  MISSING_TARGETS_CYPHER,
  SCHEMA_STATEMENTS,
  WRITE_EVENTS_CYPHER,
} from './graph/graph-cypher.js';
export { startAggregator } from './aggregator-service.js';
export type { AggregatorService } from './aggregator-service.js';
export { AggregatorWorker } from './worker/aggregator-worker.js';
export type { AggregatorWorkerOptions, NotReadyReason, WorkerGraph } from './worker/aggregator-worker.js';
export { WORKER_DEFAULTS } from './worker/worker-defaults.js';
export { DEFAULT_RETRY_LIMIT, LONE_TOO_LARGE_ATTEMPTS, writeBatch } from './worker/batch-writer.js';
export type {
  BatchWriterOptions,
  EventWriter,
  ItemResult,
  RetryPolicy,
  SplitReason,
} from './worker/batch-writer.js';
export { decodeMessage } from './worker/decode-message.js';
export type { DecodeResult, IncomingMessage } from './worker/decode-message.js';
export { ACK, REQUEUE, deadLetter } from './worker/disposition.js';
export type { DeadLetterReason, Disposition } from './worker/disposition.js';
export { DEAD_LETTER_HEADERS } from './worker/amqp-session.js';
export { DEFAULT_DELIVERY_LIMIT, assertTopology, workerQueueArguments } from './worker/amqp-topology.js';
export type { AmqpTopology } from './worker/amqp-topology.js';
export { createAggregatorMetrics } from './ops/aggregator-metrics.js';
export type { AggregatorMetrics } from './ops/aggregator-metrics.js';
export { Counter, Gauge, Histogram, MetricsRegistry } from './ops/metrics.js';
export { startOpsServer } from './ops/ops-server.js';
export type { OpsServer, OpsServerOptions } from './ops/ops-server.js';
export { generatePipelineEvents, pipelineEvents } from './bench/pipeline-generator.js';
export { benchEventRow, countNodes, emptyGraph } from './bench/bench-graph.js';
export type { PipelineOptions } from './bench/pipeline-generator.js';
export { generateLongHistory, longHistoryEvents } from './bench/long-history-generator.js';
export type { LongHistoryOptions } from './bench/long-history-generator.js';
