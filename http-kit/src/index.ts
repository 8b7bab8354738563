export { createServiceApp } from './app/service-app.js';
export type { Readiness } from './app/operations.plugin.js';
export { createErrorTranslator } from './errors/error-table.js';
export type { ErrorAnswer, ErrorBody, ErrorTable } from './errors/error-table.js';
export type { InputIssue } from './errors/parse-input.js';
export { checkToken } from './auth/token-guard.js';
export type { RequestGuard } from './auth/token-guard.js';
export {
  createCounter,
  createGauge,
  createHistogram,
  createMetricsRegistry,
} from './metrics/metrics-registry.js';
export { runService } from './run-service.js';
export { inputNames, registerOpenApi } from './openapi/open-api.js';
export type { ErrorTranslator } from './errors/error-table.js';
