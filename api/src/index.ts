export { apiConfigSpec } from './config.js';
export { buildApp } from './build-app.js';
export { API_ERROR_STATUS } from './api-error.js';
export type { QueryGraph } from './graph/query-graph.js';
export { LiveEvents } from './live/live-events.js';
export type { LiveEvent, LiveEventsOptions } from './live/live-events.js';
