export { aggregatorConfigSpec, loadAggregatorConfig } from './config.js';
export { startAggregator } from './aggregator-service.js';
export type { AggregatorService } from './aggregator-service.js';
export { deadLetter } from './worker/disposition.js';
export type { DeadLetterReason } from './worker/disposition.js';
export { createAggregatorMetrics } from './ops/aggregator-metrics.js';
export { AGGREGATOR_ERROR_STATUS } from './ops/aggregator-error.js';
export { buildOpsApp } from './ops/ops-app.js';
