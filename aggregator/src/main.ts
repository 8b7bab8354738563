#!/usr/bin/env node
// Process entry point of tracey-aggregator: reads the environment, owns exit codes and signals.
import { createLogger, formatConfigIssues, formatHostPort } from '@tracey/common';
import { startAggregator, type AggregatorService } from './aggregator-service.js';
import { loadAggregatorConfig } from './config.js';

const result = loadAggregatorConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-aggregator', result.issues)}\n`);
  process.exit(2);
}
const { config } = result;
const logger = createLogger({
  name: 'tracey-aggregator',
  level: config.logLevel,
  pretty: process.stdout.isTTY,
});
logger.info({ config }, 'configuration loaded');

let service: AggregatorService | undefined;
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Still starting (e.g. waiting for Neo4j): nothing was consumed, nothing to finish.
  if (service === undefined) process.exit(0);
  try {
    await service.stop();
    process.exitCode = 0;
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
  // What the stop left running (a write into an unreachable Neo4j) must not keep the process:
  // its messages are unacknowledged and come back from the queue.
  process.exit();
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

try {
  service = await startAggregator(config, logger);
  const listen = formatHostPort(config.aggregatorBind ?? config.bind, service.ops.port);
  logger.info(
    { port: service.ops.port, listen },
    `tracey-aggregator running; /health, /ready, /metrics on ${listen}`,
  );
  // A signal that arrived during start-up: stop what just started.
  if (stopping) await service.stop();
} catch (error) {
  if (!stopping) {
    logger.fatal({ err: error }, 'tracey-aggregator failed to start');
    process.exitCode = 1;
  }
}
