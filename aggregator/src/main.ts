#!/usr/bin/env node
// Process entry point of tracey-aggregator: reads the environment, owns exit codes and signals.
import { createLogger, formatConfigIssues } from '@tracey/common';
import { loadAggregatorConfig } from './config.js';

const result = loadAggregatorConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-aggregator', result.issues)}\n`);
  process.exit(2);
}
const logger = createLogger({
  name: 'tracey-aggregator',
  level: result.config.logLevel,
  pretty: process.stdout.isTTY,
});
logger.info({ config: result.config }, 'configuration loaded');
// Placeholder until issue #5 lands: the worker that writes events into Neo4j.
logger.error('tracey-aggregator is not implemented yet (issue #5)');
process.exitCode = 1;
