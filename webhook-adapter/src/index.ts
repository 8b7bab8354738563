// Public surface of @tracey/webhook-adapter: CloudEvents over HTTP in, CDEvents out on the broker.
export { webhookConfigSpec, loadWebhookConfig, type WebhookConfig } from './config.js';
export { buildWebhookApp, WEBHOOK_API_VERSION, type BuildWebhookAppOptions } from './build-app.js';
export { buildWebhookAdapter } from './webhook-service.js';
export { createWebhookMetrics, type WebhookMetrics } from './metrics.js';
export { readCloudEvents, type CloudEventItem } from './read-cloud-events.js';
