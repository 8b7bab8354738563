import type { FastifyInstance } from 'fastify';
import type { Logger } from '@tracey/common';
import { reloadTokensOnHangup, type AuditLog } from '@tracey/http-kit';
import { buildApp } from './build-app.js';
import type { AdapterConfig } from './config.js';
import { ApiSourceChangeLookup } from './notification/source-change-lookup.js';
import { ApiStoredEvents } from './notification/stored-events.js';
import { createAdapterMetrics, type AdapterMetrics } from './ops/adapter-metrics.js';
import { EventPublisher, intakeTokens } from '@tracey/intake';
import { startIntakeOutput } from '@tracey/intake';
import type { AdapterPlugin } from './routes/route-context.js';

/** A running adapter: the listening app and the broker output behind it. */
export interface AdapterService {
  readonly app: FastifyInstance;
  readonly port: number;
  /** Stops listening, stops the plugins, then closes the broker connection. */
  stop(): Promise<void>;
}

/**
 * Builds the adapter from its configuration, not listening: an AMQP output with publisher
 * confirms and a durable spool behind it (started; the app's close shuts it down), the query API
 * as source-change lookup, the app with `plugins` (started when it gets ready, stopped when it closes).
 */
export async function buildAdapter(
  config: AdapterConfig,
  logger: Logger,
  plugins: readonly AdapterPlugin[] = [],
  metrics: AdapterMetrics = createAdapterMetrics(),
  audit?: AuditLog,
): Promise<FastifyInstance> {
  const { output, brokerReady } = await startIntakeOutput(
    {
      amqpUrl: config.amqpUrl,
      exchange: config.exchange,
      appId: 'tracey-jenkins-adapter',
      spoolDir: config.spoolDir,
      spoolMaxBytes: config.spoolMaxBytes,
      spoolFlushMs: config.spoolFlushMs,
    },
    logger,
  );
  const tokens = intakeTokens({
    token: config.adapterToken,
    tokenName: 'TRACEY_ADAPTER_TOKEN',
    tokensFile: config.tokensFile,
  });
  reloadTokensOnHangup(tokens, config.tokensFile, logger);
  const app = buildApp({
    config,
    tokens,
    ...(audit === undefined ? {} : { audit }),
    logger,
    metrics,
    plugins,
    publisher: new EventPublisher(output, logger.child({ component: 'publisher' }), config.maxEventBytes),
    sourceChanges: new ApiSourceChangeLookup({
      apiUrl: config.apiUrl,
      apiToken: config.apiToken,
      logger: logger.child({ component: 'source-changes' }),
    }),
    storedEvents: new ApiStoredEvents({
      apiUrl: config.apiUrl,
      apiToken: config.apiToken,
      logger: logger.child({ component: 'stored-events' }),
    }),
    spoolState: () => output.state(),
    brokerReady,
  });
  app.addHook('onClose', () => output.shutdown());
  return app;
}

/** {@link buildAdapter}, listening on `config.port` (0: any free port). */
export async function startAdapter(...args: Parameters<typeof buildAdapter>): Promise<AdapterService> {
  const [config] = args;
  const app = await buildAdapter(...args);
  try {
    await app.listen({ port: config.port, host: config.adapterBind ?? config.bind });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  return { app, port, stop: () => app.close() };
}
