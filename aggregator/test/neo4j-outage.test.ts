import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '@tracey/http-kit/testing';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  resetTestGraph,
  TcpProxy,
  testServices,
  type TestTopology,
} from '@tracey/testing';
import {
  actualGraph,
  expectedGraph,
  publishEvents,
  readyMessages,
  referenceData,
  shuffled,
  startTestWorker,
  storedEventCount,
  waitUntil,
} from '@tracey/aggregator/testing';

const OUTAGE_MS = 20_000;

describe('aggregator while Neo4j is away', () => {
  const services = testServices();
  const events = referenceData();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  let proxy: TcpProxy;

  beforeAll(async () => {
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'agg-outage');
    publisher = await broker.connection.createConfirmChannel();
    const bolt = new URL(services.neo4jUrl);
    proxy = new TcpProxy({ host: bolt.hostname, port: Number(bolt.port || 7687) });
    await proxy.up();
  });

  afterAll(async () => {
    await proxy.down();
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  it('stores every event and dead-letters nothing when Neo4j is down for 20 s mid-ingest', async () => {
    const { worker, stop } = await startTestWorker(services, topology, {
      neo4jUrl: `bolt://127.0.0.1:${proxy.port}`,
      batchSize: 100,
      prefetch: 300,
    });
    try {
      const stored = () => storedEventCount(driver);
      const publishing = publishEvents(publisher, topology.exchange, shuffled(events, 5));
      await waitUntil('first batches stored', async () => (await stored()) >= 300);

      await proxy.down();
      const storedAtOutage = await stored();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
      expect(worker.ready).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
      expect(await stored()).toBe(storedAtOutage);
      await proxy.up();

      await publishing;
      await waitUntil('every event stored', async () => (await stored()) === events.length, 120_000);
      await waitUntil(
        'queue empty',
        async () => (await broker.channel.checkQueue(topology.queue)).messageCount === 0,
      );
      expect(await metricValue(worker.metrics.retries)).toBeGreaterThan(0);
      expect(worker.ready).toBe(true);
    } finally {
      await stop();
    }
    expect(await actualGraph(driver)).toEqual(expectedGraph(events));
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
  }, 180_000);
});
