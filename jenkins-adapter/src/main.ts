#!/usr/bin/env node
// Process entry point of tracey-jenkins-adapter: reads the environment, owns exit codes and signals.
import { createLogger, formatConfigIssues } from '@tracey/common';
import { loadAdapterConfig } from './config.js';

const result = loadAdapterConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-jenkins-adapter', result.issues)}\n`);
  process.exit(2);
}
const logger = createLogger({
  name: 'tracey-jenkins-adapter',
  level: result.config.logLevel,
  pretty: process.stdout.isTTY,
});
logger.info({ config: result.config }, 'configuration loaded');
// Placeholder until issue #7 lands: Jenkins notifications and triggers.
logger.error('tracey-jenkins-adapter is not implemented yet (issue #7)');
process.exitCode = 1;
