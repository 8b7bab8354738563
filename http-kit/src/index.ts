export { createServiceApp } from './app/service-app.js';
export type { ServiceAppOptions } from './app/service-app.js';
export { errorAnswers } from './app/error-answers.plugin.js';
export type { ErrorAnswersOptions } from './app/error-answers.plugin.js';
export { operationsRoutes } from './app/operations.plugin.js';
export type { OperationsOptions, Readiness } from './app/operations.plugin.js';
export { createErrorTranslator } from './errors/error-table.js';
export type {
  ErrorAnswer,
  ErrorBody,
  ErrorTable,
  ErrorTranslator,
  Translation,
} from './errors/error-table.js';
export { INPUT_ERROR_CODE, inputIssues, parseInput } from './errors/parse-input.js';
export type { InputIssue } from './errors/parse-input.js';
export { checkToken, tokenGuard } from './auth/token-guard.js';
export type { RequestGuard, TokenCheckOptions } from './auth/token-guard.js';
export {
  createCounter,
  createGauge,
  createHistogram,
  createMetricsRegistry,
} from './metrics/metrics-registry.js';
export { runService } from './run-service.js';
export type { ServiceDefinition, StartedService } from './run-service.js';
export { inputNames, registerOpenApi, zodValidatorCompiler } from './openapi/open-api.js';
export type { OpenApiOptions } from './openapi/open-api.js';
export { isZodSchema, openApiRouteSchema, zodJsonSchema } from './openapi/zod-json-schema.js';
