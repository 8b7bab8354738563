#!/usr/bin/env node
// Process entry point of tracey-api: the query API over the graph's read surface.
import { EventGraph } from '@tracey/graph';
import { DEV_API_TOKEN } from '@tracey/common';
import { AuditLog, reloadTokensOnHangup, runService, TokenStore } from '@tracey/http-kit';
import { loadDoraConfig } from '@tracey/dora';
import { buildApp } from './build-app.js';
import { loadApiConfig } from './config.js';
import { LiveEvents } from './live/live-events.js';

await runService({
  name: 'tracey-api',
  loadConfig: loadApiConfig,
  listen: (config) => ({ host: config.apiBind ?? config.bind, port: config.port }),
  credentials: (config) => [
    { variable: 'TRACEY_API_TOKEN', value: config.apiToken, devValue: DEV_API_TOKEN },
  ],
  start: (config, logger) => {
    // A bad tokens file stops the start, naming the file, the field and the reason.
    const tokens = new TokenStore({
      file: config.tokensFile,
      single: { name: 'TRACEY_API_TOKEN', token: config.apiToken },
    });
    if (!tokens.configured) {
      logger.warn('no TRACEY_API_TOKEN or TRACEY_TOKENS_FILE: /cypher (and reads, when required) answer 503');
    }
    reloadTokensOnHangup(tokens, config.tokensFile, logger);
    // A bad DORA config stops the start, naming the file and every field (DORA_CONFIG_INVALID).
    const dora = loadDoraConfig(config.doraConfig);
    const graph = EventGraph.connectReader({
      url: config.neo4jUrl,
      user: config.neo4jUser,
      password: config.neo4jPassword ?? '',
      caFile: config.neo4jCaFile,
    });
    // New events for the web UI, from a bounded queue of its own while someone listens.
    const live =
      config.live === 'on'
        ? new LiveEvents({ url: config.amqpUrl, exchange: config.exchange, logger })
        : undefined;
    return Promise.resolve({
      app: buildApp({
        graph,
        config,
        logger,
        dora,
        tokens,
        audit: new AuditLog({ file: config.auditFile, logger }),
        closeGraph: true,
        doraMetrics: {
          windowMs: config.doraMetricsWindowDays * 86_400_000,
          intervalMs: config.doraMetricsIntervalMs,
        },
        // OpenTelemetry's own variables: with a collector's endpoint, the DORA series are pushed too.
        ...(process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] === undefined &&
        process.env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] === undefined
          ? {}
          : {
              doraOtlp: {
                intervalMs: Number(process.env['OTEL_METRIC_EXPORT_INTERVAL'] ?? 60_000) || 60_000,
              },
            }),
        ...(live === undefined ? {} : { live }),
      }),
    });
  },
});
