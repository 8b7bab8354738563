export { createServiceApp, httpsOptions } from './app/service-app.js';
export type { ServiceTls } from './app/service-app.js';
export type { Readiness } from './app/operations.plugin.js';
export { createErrorTranslator } from './errors/error-table.js';
export type { ErrorAnswer, ErrorBody, ErrorTable } from './errors/error-table.js';
export type { InputIssue } from './errors/parse-input.js';
export { checkToken, presentedToken } from './auth/token-guard.js';
export { reloadTokensOnHangup, type Reloadable } from './auth/reload-on-hangup.js';
export {
  TOKEN_SCOPES,
  TokenStore,
  bearerToken,
  checkScope,
  tokenHolder,
  hashToken,
  newToken,
  parseTokensFile,
} from './auth/token-store.js';
export type {
  ScopeRefusal,
  TokenEntry,
  TokenHolder,
  TokenScope,
  TokenStoreOptions,
} from './auth/token-store.js';
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
export { rateLimitKey } from './app/rate-limit.js';
export type { RateLimitOptions } from './app/rate-limit.js';
export { AuditLog } from './audit/audit-log.js';
export type { AuditEntry, AuditLogOptions } from './audit/audit-log.js';
