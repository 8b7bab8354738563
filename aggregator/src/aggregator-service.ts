import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@tracey/common';
import { eiffelProtocol, type EiffelEvent } from '@tracey/schemas';
import type { AggregatorConfig } from './config.js';
import { EventGraph } from '@tracey/graph';
import { createAggregatorMetrics } from './ops/aggregator-metrics.js';
import { startOpsServer, type OpsServer } from './ops/ops-server.js';
import { AggregatorWorker } from './worker/aggregator-worker.js';

/** A running aggregator: the worker, its graph and its operations endpoint. */
export interface AggregatorService {
  readonly worker: AggregatorWorker<EiffelEvent>;
  readonly graph: EventGraph;
  readonly ops: OpsServer;
  /** Stops consuming, finishes the batch, acks, closes everything. */
  stop(): Promise<void>;
}

const PLACEHOLDER_REFRESH_MS = 5_000;
const GRAPH_CLOSE_MS = 1_000;

/**
 * Builds and starts the aggregator from its configuration: the Eiffel protocol, a graph on its
 * own driver, the worker, and `/health`, `/ready`, `/metrics` on `config.port`.
 */
export async function startAggregator(config: AggregatorConfig, logger: Logger): Promise<AggregatorService> {
  const graph = EventGraph.connect({
    url: config.neo4jUrl,
    user: config.neo4jUser,
    password: config.neo4jPassword ?? '',
  });
  const metrics = createAggregatorMetrics();
  const worker = new AggregatorWorker<EiffelEvent>({
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
    graph,
    protocol: eiffelProtocol,
    logger,
    metrics,
  });
  let placeholdersAt = 0;
  const ops = await startOpsServer(config.port, {
    host: config.aggregatorBind ?? config.bind,
    ready: () => worker.ready,
    notReadyReason: () => worker.notReadyReason,
    metrics: async () => {
      if (Date.now() - placeholdersAt > PLACEHOLDER_REFRESH_MS) {
        placeholdersAt = Date.now();
        await graph.placeholderCount().then(
          (count) => metrics.placeholders.set(count),
          (error: unknown) => logger.warn({ err: error }, 'cannot count placeholders'),
        );
      }
      metrics.residentMemory.set(process.memoryUsage.rss());
      metrics.heldBytes.set(worker.heldMessageBytes);
      metrics.spooledBytes.set(worker.spooledBytes);
      metrics.oldestHeldSeconds.set(worker.oldestHeldAgeMs() / 1000);
      return metrics.registry.render();
    },
  });
  try {
    await worker.start();
  } catch (error) {
    await ops.close();
    await graph.close();
    throw error;
  }
  return {
    worker,
    graph,
    ops,
    stop: async () => {
      await worker.stop();
      await ops.close();
      // A write left running at stop may hold the driver's connection: do not wait long for it.
      await Promise.race([graph.close(), sleep(GRAPH_CLOSE_MS)]);
    },
  };
}
