import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@tracey/common';
import { pipelineProtocol, type PipelineEvent } from '@tracey/schemas';
import type { AggregatorConfig } from './config.js';
import { EventGraph } from '@tracey/graph';
import { createAggregatorMetrics } from './ops/aggregator-metrics.js';
import { buildOpsApp } from './ops/ops-app.js';
import { AggregatorWorker } from './worker/aggregator-worker.js';

/** The aggregator built, nothing started: the worker, its graph and its operations app. */
export interface BuiltAggregator {
  readonly worker: AggregatorWorker<PipelineEvent>;
  readonly graph: EventGraph;
  /** `/health`, `/ready`, `/metrics`, not listening. */
  readonly app: FastifyInstance;
  /** Stops consuming, finishes the batch, acks, closes everything. */
  stop(): Promise<void>;
}

/** A running aggregator: consuming, its operations app listening on `port`. */
export interface AggregatorService extends BuiltAggregator {
  readonly port: number;
}

const PLACEHOLDER_REFRESH_MS = 5_000;
const GRAPH_CLOSE_MS = 1_000;

/**
 * Builds the aggregator from its configuration: the Eiffel protocol, a graph on its own driver,
 * the worker, and its operations app (`/health`, `/ready`, `/metrics`).
 */
export function buildAggregator(config: AggregatorConfig, logger: Logger): BuiltAggregator {
  const graph = EventGraph.connect({
    url: config.neo4jUrl,
    user: config.neo4jUser,
    password: config.neo4jPassword ?? '',
    caFile: config.neo4jCaFile,
  });
  const metrics = createAggregatorMetrics();
  const worker = new AggregatorWorker<PipelineEvent>({
    amqpUrl: config.amqpUrl,
    exchange: config.exchange,
    queue: config.queue,
    bindingKeys: config.bindingKeys,
    deadLetterQueue: config.deadLetterQueue,
    prefetch: config.prefetch,
    batchSize: config.batchSize,
    batchMs: config.batchMs,
    batchBytes: config.batchBytes,
    maxEventBytes: config.maxEventBytes,
    largeEventBytes: config.largeEventBytes,
    inflightBytes: config.inflightBytes,
    largeSpoolBytes: config.largeSpoolBytes,
    retryLimit: config.retryLimit,
    writeConcurrency: config.writeConcurrency,
    mappersFile: config.mappersFile,
    graph,
    protocol: pipelineProtocol,
    logger,
    metrics,
  });
  let placeholdersAt = 0;
  const app = buildOpsApp({
    logger,
    metrics,
    worker,
    refreshMetrics: async () => {
      if (Date.now() - placeholdersAt > PLACEHOLDER_REFRESH_MS) {
        placeholdersAt = Date.now();
        await graph.placeholderCount().then(
          (count) => metrics.placeholders.set(count),
          (error: unknown) => logger.warn({ err: error }, 'cannot count placeholders'),
        );
      }
      metrics.heldBytes.set(worker.heldMessageBytes);
      metrics.spooledBytes.set(worker.spooledBytes);
      metrics.oldestHeldSeconds.set(worker.oldestHeldAgeMs() / 1000);
    },
  });
  return {
    worker,
    graph,
    app,
    stop: async () => {
      await worker.stop();
      await app.close();
      // A write left running at stop may hold the driver's connection: do not wait long for it.
      await Promise.race([graph.close(), sleep(GRAPH_CLOSE_MS)]);
    },
  };
}

/**
 * Builds and starts the aggregator: `/health`, `/ready`, `/metrics` on `config.port` (0: any free
 * port), then the worker.
 */
export async function startAggregator(config: AggregatorConfig, logger: Logger): Promise<AggregatorService> {
  const built = buildAggregator(config, logger);
  try {
    await built.app.listen({ port: config.port, host: config.aggregatorBind ?? config.bind });
    await built.worker.start();
  } catch (error) {
    await built.app.close();
    await built.graph.close();
    throw error;
  }
  const address = built.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  return { ...built, port };
}
