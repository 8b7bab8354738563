// Test and benchmark helpers of @tracey/dora.
export { generateDoraHistory } from './dora-history.js';
export type { DoraHistory, DoraHistoryOptions } from './dora-history.js';
