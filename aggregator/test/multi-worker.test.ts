import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '@tracey/http-kit/testing';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  resetTestGraph,
  testServices,
} from '@tracey/testing';
import { EventGraph } from '@tracey/graph';
import {
  actualGraph,
  expectedGraph,
  graphSnapshot,
  publishEvents,
  readyMessages,
  referenceData,
  shuffledWithDuplicates,
  startTestWorker,
  waitUntil,
} from '@tracey/aggregator/testing';

describe('several aggregator workers', () => {
  const services = testServices();
  const events = referenceData();
  // Duplicates and a shuffle: the same event often reaches both workers at about the same time.
  const input = shuffledWithDuplicates(events, 7, 2);
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;

  // Runs `count` workers over the input into an empty graph and returns the snapshot.
  async function ingestWith(count: number): Promise<Awaited<ReturnType<typeof graphSnapshot>>> {
    await resetTestGraph(driver);
    await new EventGraph(driver).ensureSchema();
    const names = await declareTestTopology(broker, `agg-workers${count}`);
    // Small batches and prefetch: the workers interleave more.
    const workers = await Promise.all(
      Array.from({ length: count }, () =>
        startTestWorker(services, names, { batchSize: 50, prefetch: 100, batchMs: 20 }),
      ),
    );
    try {
      await publishEvents(publisher, names.exchange, input);
      const sum = async (read: (worker: (typeof workers)[number]['worker']) => Promise<number>) =>
        (await Promise.all(workers.map(({ worker }) => read(worker)))).reduce((a, b) => a + b, 0);
      const written = (worker: (typeof workers)[number]['worker']) => metricValue(worker.metrics.written);
      const settled = () =>
        sum(async (worker) => (await written(worker)) + (await metricValue(worker.metrics.duplicates)));
      await waitUntil('every message settled', async () => (await settled()) >= input.length, 120_000);
      for (const { worker } of workers) expect(await written(worker)).toBeGreaterThan(0);
      expect(await sum(written)).toBe(events.length);
      expect(await readyMessages(broker.channel, names.deadLetterQueue)).toBe(0);
    } finally {
      await Promise.all(workers.map(({ stop }) => stop()));
    }
    expect(await actualGraph(driver)).toEqual(expectedGraph(events));
    return graphSnapshot(driver);
  }

  beforeAll(async () => {
    driver = connectTestNeo4j(services);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    publisher = await broker.connection.createConfirmChannel();
  });

  afterAll(async () => {
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  it('two workers build exactly the graph one builds', async () => {
    const one = await ingestWith(1);
    const two = await ingestWith(2);
    expect(two.nodes.length).toBe(events.length);
    expect(two).toEqual(one);
  }, 240_000);
});
