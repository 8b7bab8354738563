export { TraceyError, isTraceyError } from './tracey-error.js';
export { backoffDelay } from './backoff-delay.js';
export { retry, reconnectLoop } from './retry.js';
export { withDeadline } from './with-deadline.js';
export { syncDirectory, writeFileDurably } from './fs/durable-write.js';
export type { BackoffPolicy } from './backoff-delay.js';
export { envVar } from './config/env-var.js';
export {
  parseConfig,
  configVariables,
  describeConfigIssues,
  formatConfigIssues,
} from './config/parse-config.js';
export type { ConfigSpec, ConfigOf, ConfigResult } from './config/parse-config.js';
export {
  textVar,
  secretVar,
  requiredSecretVar,
  urlVar,
  urlListVar,
  intVar,
  portVar,
  listVar,
  enumVar,
  fileVar,
} from './config/var-kinds.js';
export { brokerUrls, connectToFirst } from './amqp/broker-urls.js';
export { amqpTlsSocketOptions, AMQP_TLS_VARIABLES } from './amqp/amqp-tls.js';
export type { AmqpTlsSocketOptions } from './amqp/amqp-tls.js';
export { sharedVars, DEV_NEO4J_PASSWORD, DEFAULT_MAX_EVENT_BYTES } from './config/shared-vars.js';
export {
  optionalBindVar,
  bindRefusal,
  formatHostPort,
  localUrlHost,
  DEV_API_TOKEN,
  DEV_ADAPTER_TOKEN,
  DEV_WEBHOOK_TOKEN,
} from './config/bind-address.js';
export type { GuardCredential } from './config/bind-address.js';
export type { LogLevel } from './config/shared-vars.js';
export { createLogger } from './logging/create-logger.js';
export type { Logger } from './logging/create-logger.js';
export { redactUrlCredentials, redactUrlSecrets } from './logging/redact-url-credentials.js';
export { httpLogSerializers } from './logging/http-log-serializers.js';
export { RouteIndex } from './http/route-index.js';
export { MAX_JSON_DEPTH, nestedDeeperThan } from './json/nesting-depth.js';
export { compileLinearRegex, MAX_REGEX_LENGTH } from './regex/linear-regex.js';
export type { LinearRegex } from './regex/linear-regex.js';
export { parseSettingLines } from './config/setting-lines.js';
export { errorAnswer, errorAnswers } from './http/error-answer.js';
export type { ErrorAnswerBody } from './http/error-answer.js';
export type { EnvVar } from './config/env-var.js';
export { freePort } from './net/free-port.js';
export { processCpuSeconds } from './process/process-cpu.js';
