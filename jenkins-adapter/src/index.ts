export { adapterConfigSpec, loadAdapterConfig } from './config.js';
export type { AdapterConfig } from './config.js';
export { buildApp } from './build-app.js';
export type { BuildAppOptions } from './build-app.js';
export type { AdapterContext, AdapterPlugin, RouteAccess } from './routes/route-context.js';
export { ADAPTER_ERROR_STATUS, adapterError } from './adapter-error.js';
export type { AdapterErrorCode } from './adapter-error.js';
export { ADAPTER_ERRORS, translateError } from './http/adapter-error-table.js';
export { checkToken } from './http/token-auth.js';
export { LIMITS } from './limits.js';
export { EventPublisher } from './publishing/event-publisher.js';
export type { ItemResult, PublishResult } from './publishing/event-publisher.js';
export { createAdapterMetrics } from './ops/adapter-metrics.js';
export type { AdapterMetrics } from './ops/adapter-metrics.js';
export { JENKINS_PHASES, JENKINS_RESULTS, jenkinsNotification } from './notification/jenkins-notification.js';
export type {
  JenkinsNotification,
  JenkinsPhase,
  JenkinsResult,
} from './notification/jenkins-notification.js';
export {
  ADAPTER_SOURCE_NAME,
  CAUSE_PARAMETER,
  CONCLUSION_OF_RESULT,
  buildKey,
  jobPath,
  notificationEvents,
} from './notification/notification-events.js';
export type { MappedNotification, MappingOptions } from './notification/notification-events.js';
export { JENKINS_ID_NAMESPACE, buildEventId, buildIdentity, uuidV5 } from './notification/event-ids.js';
export type { BuildEventKind } from './notification/event-ids.js';
export {
  DEFAULT_PURL_TEMPLATE,
  PURL_PLACEHOLDERS,
  purlTemplateIssues,
  renderPurl,
} from './notification/purl-template.js';
export { NotificationHandler } from './notification/notification-handler.js';
export type { NotificationAnswer, NotificationHandlerOptions } from './notification/notification-handler.js';
export { RecentIds } from './notification/recent-ids.js';
export { ApiSourceChangeLookup } from './notification/source-change-lookup.js';
export { ApiStoredEvents } from './notification/stored-events.js';
export type { ApiStoredEventsOptions, StoredEvents } from './notification/stored-events.js';
export type {
  ApiSourceChangeLookupOptions,
  SourceChangeLookup,
} from './notification/source-change-lookup.js';
export { buildAdapter, startAdapter } from './adapter-service.js';
export type { AdapterService } from './adapter-service.js';
export { TRIGGER_ERROR_CODES } from './triggers/trigger-error.js';
export type { TriggerErrorCode } from './triggers/trigger-error.js';
export { triggersPlugin } from './triggers/triggers-plugin.js';
export type { TriggersPlugin } from './triggers/triggers-plugin.js';
export { TriggerService, bindingKeysOf } from './triggers/trigger-service.js';
export type { TriggerServiceOptions } from './triggers/trigger-service.js';
export { loadTriggerRules, parseTriggerRules } from './triggers/load-trigger-rules.js';
export type { RulesResult } from './triggers/load-trigger-rules.js';
export type { TriggerRule, TriggerAction } from './triggers/trigger-rule.js';
export type { DecisionEntry, Decision } from './triggers/decision-log.js';
