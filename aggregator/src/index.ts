export { aggregatorConfigSpec, loadAggregatorConfig } from './config.js';
export type { AggregatorConfig } from './config.js';
