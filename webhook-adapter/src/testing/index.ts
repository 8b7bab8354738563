// What other packages' tests use of the webhook adapter (`@tracey/webhook-adapter/testing`): the
// adapter as a process. Not part of the service.
export { buildWebhookAdapter, spawnWebhookAdapter, type WebhookAdapterProcess } from './webhook-process.js';
