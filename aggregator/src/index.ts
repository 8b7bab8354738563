export { aggregatorConfigSpec, loadAggregatorConfig } from './config.js';
export type { AggregatorConfig } from './config.js';
export { buildAggregator, startAggregator } from './aggregator-service.js';
export type { AggregatorService, BuiltAggregator } from './aggregator-service.js';
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
export { AGGREGATOR_ERROR_STATUS } from './ops/aggregator-error.js';
export type { AggregatorErrorCode } from './ops/aggregator-error.js';
export { buildOpsApp } from './ops/ops-app.js';
export type { OpsAppOptions } from './ops/ops-app.js';
