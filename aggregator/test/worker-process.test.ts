import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  resetTestGraph,
  testServices,
  type TestTopology,
} from '@tracey/testing';
import {
  actualGraph,
  buildAggregator,
  expectedGraph,
  publishEvents,
  readyMessages,
  referenceData,
  shuffled,
  storedEventCount,
  waitUntil,
  WorkerProcess,
} from '@tracey/aggregator/testing';

describe('tracey-aggregator process', () => {
  const services = testServices();
  const events = referenceData();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  const running = new Set<WorkerProcess>();

  const storedEvents = () => storedEventCount(driver);

  async function start(): Promise<WorkerProcess> {
    const worker = await WorkerProcess.start(services, topology, {
      TRACEY_BATCH_SIZE: '100',
      TRACEY_PREFETCH: '300',
    });
    running.add(worker);
    void worker.exited.then(() => running.delete(worker));
    return worker;
  }

  beforeAll(async () => {
    buildAggregator();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'agg-process');
    publisher = await broker.connection.createConfirmChannel();
  }, 180_000);

  afterEach(async () => {
    for (const worker of running) await worker.kill('SIGKILL');
  });

  afterAll(async () => {
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  it('loses and duplicates nothing when killed with SIGKILL mid-batch, or stopped with SIGTERM', async () => {
    let worker = await start();
    await publishEvents(publisher, topology.exchange, shuffled(events, 11));

    // Killed while batches are being written: unacked messages come back to the next worker.
    await waitUntil('first batches stored', async () => (await storedEvents()) >= 500, 60_000);
    expect(await worker.kill('SIGKILL')).toBeNull();
    const afterKill = await storedEvents();
    expect(afterKill).toBeLessThan(events.length);

    // Stopped politely: it finishes its batch, acks and exits 0.
    worker = await start();
    await waitUntil('more batches stored', async () => (await storedEvents()) >= afterKill + 500, 60_000);
    expect(await worker.kill('SIGTERM')).toBe(0);

    worker = await start();
    await waitUntil('every event stored', async () => (await storedEvents()) === events.length, 120_000);
    await waitUntil(
      'queue empty',
      async () => (await broker.channel.checkQueue(topology.queue)).messageCount === 0,
    );
    expect(await actualGraph(driver)).toEqual(expectedGraph(events));
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
    expect(await worker.metrics()).toMatch(/tracey_aggregator_messages_consumed_total [1-9]/);
    expect(await worker.kill('SIGTERM')).toBe(0);
  }, 240_000);
});
