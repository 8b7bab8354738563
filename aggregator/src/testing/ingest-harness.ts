import type { Channel, ConfirmChannel, GetMessage } from 'amqplib';
import type { Logger } from '@tracey/common';
import { encodeForPublish, pipelineProtocol, type PipelineEvent } from '@tracey/schemas';
import type { Driver } from 'neo4j-driver';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  quietLogger as testLogger,
  resetTestGraph,
  waitUntil as waitUntilShared,
  type ServiceEndpoints,
  type TestTopology,
} from '@tracey/testing';
import { EventGraph } from '@tracey/graph';
import { seededRandom } from '@tracey/graph/testing';
import { AggregatorWorker, type AggregatorWorkerOptions } from '../worker/aggregator-worker.js';

export const quietLogger: Logger = testLogger('aggregator-test');

/** An in-process worker with its own graph driver; stop it with `stop()`. */
export async function startTestWorker(
  services: ServiceEndpoints,
  topology: TestTopology,
  overrides: Partial<AggregatorWorkerOptions<PipelineEvent>> & { neo4jUrl?: string } = {},
): Promise<{ worker: AggregatorWorker<PipelineEvent>; stop: () => Promise<void> }> {
  const graph = EventGraph.connect({
    url: overrides.neo4jUrl ?? services.neo4jUrl,
    user: services.neo4jUser,
    password: services.neo4jPassword,
  });
  const worker = new AggregatorWorker<PipelineEvent>({
    amqpUrl: services.amqpUrl,
    exchange: topology.exchange,
    queue: topology.queue,
    deadLetterQueue: topology.deadLetterQueue,
    bindingKeys: ['#'],
    prefetch: 1500,
    batchSize: 500,
    batchMs: 50,
    writeConcurrency: 2,
    graph,
    protocol: pipelineProtocol,
    logger: quietLogger,
    ...overrides,
  });
  await worker.start();
  return {
    worker,
    stop: async () => {
      await worker.stop();
      await graph.close();
    },
  };
}

/** What an ingest test drives: an emptied graph, its own topology, a confirm channel, one worker. */
export interface IngestRig {
  readonly driver: Driver;
  readonly broker: AmqpTestBroker;
  readonly topology: TestTopology;
  readonly publisher: ConfirmChannel;
  readonly worker: AggregatorWorker<PipelineEvent>;
  /** Stops the worker and closes everything the rig opened. */
  close(): Promise<void>;
}

/** Empties the test graph and starts a worker on a topology named after `name`. */
export async function startIngestRig(
  services: ServiceEndpoints,
  name: string,
  overrides: Partial<AggregatorWorkerOptions<PipelineEvent>> = {},
): Promise<IngestRig> {
  const driver = connectTestNeo4j(services);
  await resetTestGraph(driver);
  const broker = await AmqpTestBroker.connect(services.amqpUrl);
  const topology = await declareTestTopology(broker, name);
  const publisher = await broker.connection.createConfirmChannel();
  const { worker, stop } = await startTestWorker(services, topology, overrides);
  return {
    driver,
    broker,
    topology,
    publisher,
    worker,
    close: async () => {
      await stop();
      await publisher.close();
      await broker.cleanup();
      await driver.close();
    },
  };
}

/** Publishes each event as producers do (validated, routing key, content type, message id), with confirms. */
export async function publishEvents(
  channel: ConfirmChannel,
  exchange: string,
  events: readonly unknown[],
): Promise<void> {
  for (const event of events) {
    const encoded = encodeForPublish(pipelineProtocol, event);
    if (!encoded.ok) throw new Error(`fixture event does not encode: ${JSON.stringify(encoded.errors)}`);
    const { routingKey, contentType, messageId, body } = encoded.message;
    const ok = channel.publish(exchange, routingKey, Buffer.from(body), {
      contentType,
      messageId,
      persistent: true,
      headers: { timestamp_in_ms: Date.now() },
    });
    if (!ok) await new Promise((resolve) => channel.once('drain', resolve));
  }
  await channel.waitForConfirms();
}

// Seeded random numbers, shared with the generators: a failing run can be replayed.
export { seededRandom };

/** Deterministic shuffle, so a failure can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The events shuffled, with every `every`-th event published a second time. */
export function shuffledWithDuplicates<T>(items: readonly T[], seed: number, every = 4): T[] {
  return shuffled([...items, ...items.filter((_, index) => index % every === 0)], seed);
}

/** @tracey/testing's `waitUntil`, with the longer default an ingest needs. */
export function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  return waitUntilShared(what, check, timeoutMs);
}

/** Messages ready in a queue (unacked ones not counted). */
export async function readyMessages(channel: Channel, queue: string): Promise<number> {
  return (await channel.checkQueue(queue)).messageCount;
}

/** Takes every message from a queue (acks them). */
export async function drain(channel: Channel, queue: string): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (message === false) return messages;
    messages.push(message);
  }
}
