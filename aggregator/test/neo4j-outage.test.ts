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
  uniquenessConstraints,
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

  it('sets the schema up again when Neo4j comes back as a new database', async () => {
    await resetTestGraph(driver);
    const [first, second] = [events.slice(0, 1_000), events.slice(1_000, 2_000)];
    const { worker, stop } = await startTestWorker(services, topology, {
      neo4jUrl: `bolt://127.0.0.1:${proxy.port}`,
      batchSize: 100,
      prefetch: 300,
    });
    try {
      await publishEvents(publisher, topology.exchange, first);
      await waitUntil(
        'the first events stored',
        async () => (await storedEventCount(driver)) === first.length,
      );
      const schema = await uniquenessConstraints(driver);
      expect(schema.length).toBeGreaterThan(0);

      // Away, and back as another database: empty, without the constraints (a restore, a new volume).
      await proxy.down();
      await resetTestGraph(driver);
      expect(await uniquenessConstraints(driver)).toEqual([]);
      const retries = await metricValue(worker.metrics.retries);
      await publishEvents(publisher, topology.exchange, second);
      // Back only once the worker has seen a write fail (not after a guess of a sleep).
      await waitUntil('a failed write', async () => (await metricValue(worker.metrics.retries)) > retries);
      await proxy.up();

      await waitUntil(
        'the later events stored',
        async () => (await storedEventCount(driver)) === second.length,
      );
      expect(await uniquenessConstraints(driver)).toEqual(schema);
    } finally {
      await stop();
    }
  }, 180_000);
});
