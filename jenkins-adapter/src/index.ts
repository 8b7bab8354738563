export { adapterConfigSpec } from './config.js';
export { buildApp } from './build-app.js';
// The intake adapters' codes and publisher, now in @tracey/intake: re-exported as before.
export { ADAPTER_ERROR_STATUS, EventPublisher } from '@tracey/intake';
export { createAdapterMetrics } from './ops/adapter-metrics.js';
export { jenkinsNotification } from './notification/jenkins-notification.js';
export { buildEventId, buildIdentity } from './notification/event-ids.js';
export { DEFAULT_PURL_TEMPLATE } from './notification/purl-template.js';
export { TRIGGER_ERROR_CODES } from './triggers/trigger-error.js';
export { triggersPlugin } from './triggers/triggers-plugin.js';
