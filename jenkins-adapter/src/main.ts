#!/usr/bin/env node
// Process entry point of tracey-jenkins-adapter: notifications in, events out, triggered jobs.
import { DEV_ADAPTER_TOKEN, isTraceyError } from '@tracey/common';
import { AuditLog, runService } from '@tracey/http-kit';
import { buildAdapter } from './adapter-service.js';
import { loadAdapterConfig } from './config.js';
import type { AdapterPlugin } from './routes/route-context.js';
import { triggersPlugin } from './triggers/triggers-plugin.js';

await runService({
  name: 'tracey-jenkins-adapter',
  loadConfig: loadAdapterConfig,
  listen: (config) => ({ host: config.adapterBind ?? config.bind, port: config.port }),
  credentials: (config) => [
    { variable: 'TRACEY_ADAPTER_TOKEN', value: config.adapterToken, devValue: DEV_ADAPTER_TOKEN },
  ],
  // The token is a secret: never logged.
  shownConfig: ({ adapterToken: _token, ...shown }) => shown,
  start: async (config, logger) => {
    // Modules that plug into the adapter (the broker-triggered jobs) are added here.
    const plugins: AdapterPlugin[] = [];
    const audit = new AuditLog({ file: config.auditFile, logger });
    if (config.triggerRules !== undefined) {
      const triggers = triggersPlugin({
        amqpUrl: config.amqpUrl,
        exchange: config.exchange,
        queue: config.triggerQueue,
        rulesFile: config.triggerRules,
        stateDir: config.triggerStateDir,
        env: process.env,
        api: { url: config.apiUrl, token: config.apiToken },
        logger,
      });
      plugins.push(triggers);
      // SIGHUP re-reads the rules; a bad file keeps the old rules (the reason is logged).
      process.on('SIGHUP', () => void triggers.service.reload());
    }
    return { app: await buildAdapter(config, logger, plugins, undefined, audit) };
  },
  badInput: (error) => (isTraceyError(error, 'TRIGGER_RULES_INVALID') ? error.message : undefined),
});
