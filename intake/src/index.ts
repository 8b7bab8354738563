// Public surface of @tracey/intake: what the intake adapters (Jenkins, webhook) share — publish
// submitted events with publisher confirms, spool what the broker does not take, answer with the
// intake adapters' ADAPTER_* codes.
export { ADAPTER_ERROR_STATUS, adapterError, isAdapterCode, type AdapterErrorCode } from './adapter-error.js';
export { ADAPTER_ERRORS, translateError } from './http/adapter-error-table.js';
export { checkToken } from './http/token-auth.js';
export { intakeTokens, type IntakeTokens, type IntakeTokensOptions } from './http/intake-tokens.js';
export { auditedGuard, type AuditedGuard } from './http/audited-guard.js';
export { EventPublisher, type ItemResult, type PublishResult } from './publishing/event-publisher.js';
export {
  IntakeSpool,
  SPOOL_FULL_REASON,
  type IntakeSpoolOptions,
  type IntakeSpoolState,
} from './publishing/intake-spool.js';
export { intakeReadiness, type IntakeReadinessOptions, type ReadyCheck } from './ops/intake-readiness.js';
export {
  startIntakeOutput,
  type IntakeOutput,
  type IntakeOutputSettings,
} from './publishing/intake-output.js';
