import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  buildAggregator,
  readyMessages,
  storedEventCount,
  waitUntil,
  WorkerProcess,
} from '@tracey/aggregator/testing';
import { publishBody, sizedEvent } from './support/large-events.js';

const EXIT_WITHIN_MS = 5_000;

describe('tracey-aggregator stopped while it retries', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  let proxy: TcpProxy;

  beforeAll(async () => {
    buildAggregator();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'agg-stop');
    publisher = await broker.connection.createConfirmChannel();
    const bolt = new URL(services.neo4jUrl);
    proxy = new TcpProxy({ host: bolt.hostname, port: Number(bolt.port || 7687) });
    await proxy.up();
  }, 180_000);

  afterAll(async () => {
    await proxy.down();
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  async function publish(count: number, name: string): Promise<void> {
    for (let i = 0; i < count; i++)
      await publishBody(publisher, topology.exchange, sizedEvent(0, `${name}-${i}`));
    await publisher.waitForConfirms();
  }

  async function readiness(worker: WorkerProcess): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${worker.port}/ready`);
    return { status: response.status, body: await response.json() };
  }

  it('says it is stuck, exits within 5 s on SIGTERM during a Neo4j outage, and the redelivered messages are stored after restart', async () => {
    const env = {
      TRACEY_NEO4J_URL: `bolt://127.0.0.1:${proxy.port}`,
      TRACEY_RETRY_LIMIT: '3',
      TRACEY_BATCH_SIZE: '50',
    };
    let worker = await WorkerProcess.start(services, topology, env);
    await publish(200, 'before');
    await waitUntil('first events stored', async () => (await storedEventCount(driver)) === 200);

    await proxy.down();
    await publish(300, 'during');
    // Retries, then the retry limit: Neo4j out of reach is not split, the worker says it is stuck.
    await waitUntil(
      'worker stuck',
      async () =>
        (await readiness(worker)).status === 503 &&
        /tracey_aggregator_stuck_writes [1-9]/.test(await worker.metrics()),
      60_000,
    );
    // The one 503 body of every Tracey service: the error body, the reason in its details.
    expect((await readiness(worker)).body).toEqual({
      error: {
        code: 'AGGREGATOR_NOT_READY',
        message: 'a write keeps failing and cannot be split further',
        details: { reason: 'stuck' },
      },
    });
    const metrics = await worker.metrics();
    expect(metrics).toMatch(/tracey_aggregator_write_retries_total [1-9]/);
    expect(metrics).toMatch(/tracey_aggregator_write_splits_total 0/);

    const signalled = Date.now();
    const code = await worker.kill('SIGTERM');
    const outageExitMs = Date.now() - signalled;
    expect(code).toBe(0);
    expect(outageExitMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(await storedEventCount(driver)).toBe(200);

    await proxy.up();
    worker = await WorkerProcess.start(services, topology, env);
    await waitUntil('redelivered events stored', async () => (await storedEventCount(driver)) === 500);
    await waitUntil(
      'queue empty',
      async () => (await broker.channel.checkQueue(topology.queue)).messageCount === 0,
    );
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
    expect((await readiness(worker)).body).toEqual({ status: 'ready' });

    // SIGTERM in the middle of a backoff wait of a retry loop, with Neo4j just gone.
    await proxy.down();
    await publish(100, 'loop');
    await waitUntil(
      'retrying',
      async () => /tracey_aggregator_write_retries_total [1-9]/.test(await worker.metrics()),
      60_000,
    );
    const again = Date.now();
    expect(await worker.kill('SIGTERM')).toBe(0);
    const retryExitMs = Date.now() - again;
    expect(retryExitMs).toBeLessThan(EXIT_WITHIN_MS);

    await proxy.up();
    worker = await WorkerProcess.start(services, topology, env);
    await waitUntil('every event stored', async () => (await storedEventCount(driver)) === 600);
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
    expect(await worker.kill('SIGTERM')).toBe(0);
    process.stderr.write(`[shutdown] ${JSON.stringify({ outageExitMs, retryExitMs })}\n`);
  }, 300_000);
});
