#!/usr/bin/env node
// Process entry point of tracey-webhook-adapter: CloudEvents over HTTP in, CDEvents out.
import { DEV_WEBHOOK_TOKEN, isTraceyError } from '@tracey/common';
import { runService } from '@tracey/http-kit';
import { MAPPING_ERROR_CODES } from '@tracey/mapping';
import { loadWebhookConfig } from './config.js';
import { buildWebhookAdapter } from './webhook-service.js';

await runService({
  name: 'tracey-webhook-adapter',
  loadConfig: loadWebhookConfig,
  listen: (config) => ({ host: config.bind, port: config.port }),
  credentials: (config) => [
    { variable: 'TRACEY_WEBHOOK_TOKEN', value: config.webhookToken, devValue: DEV_WEBHOOK_TOKEN },
  ],
  // The token is a secret: never logged.
  shownConfig: ({ webhookToken: _token, ...shown }) => shown,
  start: async (config, logger) => ({ app: await buildWebhookAdapter(config, logger) }),
  // A mappers file that cannot be read or is invalid: its reason, not a stack trace.
  badInput: (error) =>
    Object.values(MAPPING_ERROR_CODES).some((code) => isTraceyError(error, code)) && error instanceof Error
      ? error.message
      : undefined,
});
