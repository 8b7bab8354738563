#!/usr/bin/env node
// Process entry point of tracey-api: reads the environment, listens, owns exit codes and signals.
import { EventGraph } from '@tracey/graph';
import { bindRefusal, createLogger, DEV_API_TOKEN, formatConfigIssues, formatHostPort } from '@tracey/common';
import { buildApp } from './build-app.js';
import { loadApiConfig } from './config.js';

const result = loadApiConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-api', result.issues)}\n`);
  process.exit(2);
}
const { config } = result;
const host = config.apiBind ?? config.bind;
const refusal = bindRefusal('tracey-api', host, [
  { variable: 'TRACEY_API_TOKEN', value: config.apiToken, devValue: DEV_API_TOKEN },
]);
if (refusal !== undefined) {
  process.stderr.write(`${refusal}\n`);
  process.exit(2);
}
const logger = createLogger({ name: 'tracey-api', level: config.logLevel, pretty: process.stdout.isTTY });
logger.info({ config }, 'configuration loaded');
if (config.apiToken === undefined) {
  logger.warn('TRACEY_API_TOKEN is not set: /cypher (and reads, when required) answer 503');
}
const graph = EventGraph.connectReader({
  url: config.neo4jUrl,
  user: config.neo4jUser,
  password: config.neo4jPassword ?? '',
});
const app = buildApp({ graph, config, logger, closeGraph: true });

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'shutting down');
  try {
    await app.close();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
}
process.once('SIGTERM', (signal) => void shutdown(signal));
process.once('SIGINT', (signal) => void shutdown(signal));

try {
  await app.listen({ port: config.port, host });
  const listen = formatHostPort(host, config.port);
  logger.info({ listen }, `tracey-api listening on ${listen}`);
} catch (error) {
  logger.error({ err: error }, 'cannot listen');
  await graph.close();
  process.exitCode = 1;
}
