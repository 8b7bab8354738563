import { EventGraph } from '@tracey/graph';
import type { FastifyInstance } from 'fastify';
import { loadAggregatorConfig, startAggregator, type AggregatorService } from '@tracey/aggregator';
import { buildApp as buildApiApp } from '@tracey/api';
import { freePort, type ServiceEndpoints, type TestTopology } from '@tracey/testing';
import { loadAdapterConfig } from '../../src/config.js';
import { startAdapter, type AdapterService } from '../../src/adapter-service.js';
import { testSpoolDir } from '@tracey/jenkins-adapter/testing';
import { quietLogger } from './quiet-logger.js';

/**
 * `tracey-aggregator` as deployed, in-process, on the test's exchange and queues; `env` adds or
 * overrides its TRACEY_* settings (e.g. TRACEY_MAX_EVENT_BYTES).
 */
export async function startTestAggregator(
  services: ServiceEndpoints,
  topology: TestTopology,
  env: Readonly<Record<string, string>> = {},
): Promise<AggregatorService> {
  const result = loadAggregatorConfig({
    TRACEY_AMQP_URL: services.amqpUrl,
    TRACEY_EXCHANGE: topology.exchange,
    TRACEY_QUEUE: topology.queue,
    TRACEY_DEAD_LETTER_QUEUE: topology.deadLetterQueue,
    TRACEY_NEO4J_URL: services.neo4jUrl,
    TRACEY_NEO4J_USER: services.neo4jUser,
    TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
    TRACEY_AGGREGATOR_PORT: String(await freePort()),
    ...env,
  });
  if (!result.ok) throw new Error(`aggregator config: ${JSON.stringify(result.issues)}`);
  return startAggregator(result.config, quietLogger);
}

/** `tracey-api` over the test graph, listening on a free port; `url` is its base URL. */
export async function startTestApi(
  services: ServiceEndpoints,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = buildApiApp({
    graph: EventGraph.connectReader({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    }),
    config: { apiToken: undefined, readAuth: 'optional' },
    logger: quietLogger,
    closeGraph: true,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

/** `tracey-jenkins-adapter` as deployed, publishing to the test's exchange. */
export async function startTestAdapter(
  services: ServiceEndpoints,
  topology: TestTopology,
  env: { apiUrl: string; token: string },
): Promise<AdapterService & { url: string }> {
  const result = loadAdapterConfig({
    TRACEY_AMQP_URL: services.amqpUrl,
    TRACEY_EXCHANGE: topology.exchange,
    TRACEY_API_URL: env.apiUrl,
    TRACEY_ADAPTER_TOKEN: env.token,
    TRACEY_ADAPTER_PORT: String(await freePort()),
    TRACEY_ADAPTER_SPOOL_DIR: testSpoolDir(),
  });
  if (!result.ok) throw new Error(`adapter config: ${JSON.stringify(result.issues)}`);
  const service = await startAdapter(result.config, quietLogger);
  return Object.assign(service, { url: `http://127.0.0.1:${service.port}` });
}
