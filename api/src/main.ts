#!/usr/bin/env node
// Process entry point of tracey-api: the query API over the graph's read surface.
import { EventGraph } from '@tracey/graph';
import { DEV_API_TOKEN } from '@tracey/common';
import { runService } from '@tracey/http-kit';
import { buildApp } from './build-app.js';
import { loadApiConfig } from './config.js';

await runService({
  name: 'tracey-api',
  loadConfig: loadApiConfig,
  listen: (config) => ({ host: config.apiBind ?? config.bind, port: config.port }),
  credentials: (config) => [
    { variable: 'TRACEY_API_TOKEN', value: config.apiToken, devValue: DEV_API_TOKEN },
  ],
  start: (config, logger) => {
    if (config.apiToken === undefined) {
      logger.warn('TRACEY_API_TOKEN is not set: /cypher (and reads, when required) answer 503');
    }
    const graph = EventGraph.connectReader({
      url: config.neo4jUrl,
      user: config.neo4jUser,
      password: config.neo4jPassword ?? '',
    });
    return Promise.resolve({ app: buildApp({ graph, config, logger, closeGraph: true }) });
  },
});
