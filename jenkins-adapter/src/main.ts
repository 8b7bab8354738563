#!/usr/bin/env node
// Process entry point of tracey-jenkins-adapter: reads the environment, listens, owns exit codes and signals.
import {
  bindRefusal,
  createLogger,
  DEV_ADAPTER_TOKEN,
  formatConfigIssues,
  formatHostPort,
  isTraceyError,
} from '@tracey/common';
import type { AdapterExtension } from './adapter-extension.js';
import { startAdapter, type AdapterService } from './adapter-service.js';
import { loadAdapterConfig } from './config.js';
import { triggersExtension } from './triggers/triggers-extension.js';

const result = loadAdapterConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-jenkins-adapter', result.issues)}\n`);
  process.exit(2);
}
const { config } = result;
const host = config.adapterBind ?? config.bind;
const refusal = bindRefusal('tracey-jenkins-adapter', host, [
  { variable: 'TRACEY_ADAPTER_TOKEN', value: config.adapterToken, devValue: DEV_ADAPTER_TOKEN },
]);
if (refusal !== undefined) {
  process.stderr.write(`${refusal}\n`);
  process.exit(2);
}
const logger = createLogger({
  name: 'tracey-jenkins-adapter',
  level: config.logLevel,
  pretty: process.stdout.isTTY,
});
// The token is a secret: never logged.
const { adapterToken: _token, ...shown } = config;
logger.info({ config: shown }, 'configuration loaded');

// Modules that plug into the adapter (the broker-triggered jobs) are added here.
const extensions: AdapterExtension[] = [];
if (config.triggerRules !== undefined) {
  const triggers = triggersExtension({
    amqpUrl: config.amqpUrl,
    exchange: config.exchange,
    queue: config.triggerQueue,
    rulesFile: config.triggerRules,
    stateDir: config.triggerStateDir,
    env: process.env,
    api: { url: config.apiUrl, token: config.apiToken },
    logger,
  });
  extensions.push(triggers);
  // SIGHUP re-reads the rules; a bad file keeps the old rules (the reason is logged).
  process.on('SIGHUP', () => void triggers.service.reload());
}

let service: AdapterService | undefined;
let stopping = false;

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Still starting: nothing was accepted yet, nothing to finish.
  if (service === undefined) process.exit(0);
  try {
    await service.stop();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
}
process.once('SIGTERM', (signal) => void shutdown(signal));
process.once('SIGINT', (signal) => void shutdown(signal));

try {
  service = await startAdapter(config, logger, extensions);
  const listen = formatHostPort(host, service.port);
  logger.info({ port: service.port, listen }, `tracey-jenkins-adapter listening on ${listen}`);
  // A signal that arrived during start-up: stop what just started.
  if (stopping) await service.stop();
} catch (error) {
  if (isTraceyError(error, 'TRIGGER_RULES_INVALID')) {
    // Bad input, like a bad variable: the reasons alone, exit 2.
    process.stderr.write(`tracey-jenkins-adapter: ${error.message}\n`);
    process.exit(2);
  }
  logger.fatal({ err: error }, 'tracey-jenkins-adapter failed to start');
  process.exitCode = 1;
}
