#!/usr/bin/env node
// Process entry point of tracey-aggregator: the worker and its /health, /ready, /metrics port.
import { runService } from '@tracey/http-kit';
import { buildAggregator } from './aggregator-service.js';
import { loadAggregatorConfig } from './config.js';

await runService({
  name: 'tracey-aggregator',
  loadConfig: loadAggregatorConfig,
  listen: (config) => ({ host: config.aggregatorBind ?? config.bind, port: config.port }),
  start: (config, logger) => {
    const aggregator = buildAggregator(config, logger);
    return Promise.resolve({
      app: aggregator.app,
      // Listening first: `/ready` says how far it got while the worker waits for Neo4j and the broker.
      afterListen: () => aggregator.worker.start(),
      // What the stop leaves running (a write into an unreachable Neo4j) does not keep the process:
      // its messages are unacknowledged and come back from the queue.
      stop: () => aggregator.stop(),
    });
  },
});
