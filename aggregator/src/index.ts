export { aggregatorConfigSpec, loadAggregatorConfig } from './config.js';
export type { AggregatorConfig } from './config.js';
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
export { createAggregatorMetrics } from './ops/aggregator-metrics.js';
export type { AggregatorMetrics } from './ops/aggregator-metrics.js';
export { Counter, Gauge, Histogram, MetricsRegistry } from './ops/metrics.js';
export { startOpsServer } from './ops/ops-server.js';
export type { OpsServer, OpsServerOptions } from './ops/ops-server.js';
