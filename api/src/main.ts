#!/usr/bin/env node
// Process entry point of tracey-api: reads the environment, owns exit codes and signals.
import { createLogger, formatConfigIssues } from '@tracey/common';
import { loadApiConfig } from './config.js';

const result = loadApiConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-api', result.issues)}\n`);
  process.exit(2);
}
const logger = createLogger({
  name: 'tracey-api',
  level: result.config.logLevel,
  pretty: process.stdout.isTTY,
});
logger.info({ config: result.config }, 'configuration loaded');
// Placeholder until issue #6 lands: the query API.
logger.error('tracey-api is not implemented yet (issue #6)');
process.exitCode = 1;
