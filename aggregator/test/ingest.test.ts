import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { EventGraph } from '@tracey/graph';
import type { FastifyInstance } from 'fastify';
import { DEAD_LETTER_HEADERS } from '@tracey/amqp';
import { buildOpsApp } from '@tracey/aggregator';
import type { AggregatorWorker } from '../src/worker/aggregator-worker.js';
import { createLogger } from '@tracey/common';
import { metricValue } from '@tracey/http-kit/testing';
import type { PipelineEvent } from '@tracey/schemas';
import {
  actualGraph,
  drain,
  expectedGraph,
  type FixtureEvent,
  officialFlows,
  publishEvents,
  readyMessages,
  referenceData,
  shuffledWithDuplicates,
  startTestWorker,
  waitUntil,
} from '@tracey/aggregator/testing';

describe('aggregator ingest on RabbitMQ and Neo4j', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  let worker: AggregatorWorker<PipelineEvent>;
  let stopWorker: () => Promise<void>;
  let ops: FastifyInstance;
  let opsPort: number;

  const settled = async () => {
    const reasons = ['unsupported-content-type', 'not-json', 'invalid-event', 'conflict', 'store-rejected'];
    const counts = await Promise.all([
      metricValue(worker.metrics.written),
      metricValue(worker.metrics.duplicates),
      ...reasons.map((reason) => metricValue(worker.metrics.deadLettered, { reason })),
    ]);
    return counts.reduce((sum, count) => sum + count, 0);
  };

  async function ingest(events: readonly FixtureEvent[]): Promise<void> {
    const before = await settled();
    await publishEvents(publisher, topology.exchange, events);
    await waitUntil(
      `${events.length} messages settled`,
      async () => (await settled()) - before >= events.length,
      120_000,
    );
  }

  async function freshGraph(): Promise<void> {
    await resetTestGraph(driver);
    const graph = new EventGraph(driver);
    await graph.ensureSchema();
  }

  beforeAll(async () => {
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'agg-ingest');
    publisher = await broker.connection.createConfirmChannel();
    ({ worker, stop: stopWorker } = await startTestWorker(services, topology));
    ops = buildOpsApp({
      logger: createLogger({ name: 'ops', level: 'silent' }),
      metrics: worker.metrics,
      worker,
    });
    await ops.listen({ port: 0, host: '127.0.0.1' });
    const address = ops.server.address();
    opsPort = typeof address === 'object' && address !== null ? address.port : 0;
  });

  afterAll(async () => {
    await ops.close();
    await stopWorker();
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  it('declares a durable quorum queue bound to the exchange, with a dead-letter queue', async () => {
    const queue = await broker.channel.checkQueue(topology.queue);
    expect(queue.consumerCount).toBe(1);
    await broker.channel.checkQueue(topology.deadLetterQueue);
    // A quorum queue cannot be redeclared as classic: the broker refuses with PRECONDITION_FAILED.
    const probe = await broker.connection.createChannel();
    probe.on('error', () => undefined);
    await expect(probe.assertQueue(topology.queue, { durable: true })).rejects.toThrow(/PRECONDITION_FAILED/);
  });

  it.each([...officialFlows()])(
    'stores the official flow %s, shuffled and with duplicates, exactly',
    async (_name, events) => {
      await freshGraph();
      const duplicatesBefore = await metricValue(worker.metrics.duplicates);
      await ingest(shuffledWithDuplicates(events, events.length));
      const expected = expectedGraph(events);
      expect(expected.relationships.length).toBe(events.reduce((sum, event) => sum + event.links.length, 0));
      expect(await actualGraph(driver)).toEqual(expected);
      expect(await metricValue(worker.metrics.duplicates)).toBeGreaterThan(duplicatesBefore);
      expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
    },
  );

  it('stores the reference data set, shuffled and with duplicates, exactly', async () => {
    await freshGraph();
    const events = referenceData();
    await ingest(shuffledWithDuplicates(events, 2, 3));
    const expected = expectedGraph(events);
    expect([expected.events, expected.relationships.length]).toEqual([4389, 7499]);
    expect(await actualGraph(driver)).toEqual(expected);
    // Every link type of the data set has a target rule, so every relationship got its verdict.
    const verdicts = await driver.executeQuery(
      'MATCH ()-[r]->() RETURN count(r.legalTarget) AS checked, count(r.pendingTargetTypes) AS pending',
    );
    expect(verdicts.records[0]?.toObject()).toEqual({ checked: 7499, pending: 0 });
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
  });

  it('dead-letters what cannot be stored, with the reason, and acks it', async () => {
    const stored = referenceData()[0];
    if (stored === undefined) throw new Error('no reference events');
    // Same id, other content: a valid event that contradicts the stored one.
    const conflicting = { ...stored, meta: { ...stored.meta, time: stored.meta.time + 1 } };
    const before = await new EventGraph(driver).getEventJson(stored.meta.id);
    const send = (body: string, contentType?: string) =>
      publisher.publish(topology.exchange, 'eiffel.bad', Buffer.from(body), {
        persistent: true,
        ...(contentType === undefined ? {} : { contentType }),
      });
    send('this is not json', 'application/json');
    send(JSON.stringify(stored), 'application/xml');
    send(
      JSON.stringify({
        meta: { id: 'not-a-uuid', type: 'EiffelActivityTriggeredEvent' },
        data: {},
        links: [],
      }),
      'application/json',
    );
    send(JSON.stringify(conflicting), 'application/json');
    await publisher.waitForConfirms();

    await waitUntil(
      '4 dead letters',
      async () => (await readyMessages(broker.channel, topology.deadLetterQueue)) === 4,
    );
    const letters = await drain(broker.channel, topology.deadLetterQueue);
    const reasons = letters.map((m) => m.properties.headers?.[DEAD_LETTER_HEADERS.reason] as string).sort();
    expect(reasons).toEqual(['conflict', 'invalid-event', 'not-json', 'unsupported-content-type']);
    for (const letter of letters) {
      expect(letter.properties.headers?.[DEAD_LETTER_HEADERS.originalRoutingKey]).toBe('eiffel.bad');
      const details = JSON.parse(String(letter.properties.headers?.[DEAD_LETTER_HEADERS.details])) as Record<
        string,
        unknown
      >;
      expect(Object.keys(details).length).toBeGreaterThan(0);
    }
    const invalid = letters.find(
      (m) => m.properties.headers?.[DEAD_LETTER_HEADERS.reason] === 'invalid-event',
    );
    expect(JSON.parse(String(invalid?.properties.headers?.[DEAD_LETTER_HEADERS.details]))).toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'meta.id' })]) as unknown,
    });
    const conflict = letters.find((m) => m.properties.headers?.[DEAD_LETTER_HEADERS.reason] === 'conflict');
    expect(conflict?.content.toString()).toBe(JSON.stringify(conflicting));
    expect(await new EventGraph(driver).getEventJson(stored.meta.id)).toBe(before);
    // Nothing is left unacked or requeued in the worker queue.
    expect((await broker.channel.checkQueue(topology.queue)).messageCount).toBe(0);
  });

  it('answers /health, /ready and /metrics', async () => {
    const base = `http://127.0.0.1:${opsPort}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain(
      `tracey_aggregator_events_written_total ${await metricValue(worker.metrics.written)}`,
    );
    expect(metrics).toMatch(/tracey_aggregator_messages_dead_lettered_total\{reason="conflict"\} 1/);
    expect(metrics).toMatch(/tracey_aggregator_batch_size_count [1-9]/);
    expect(metrics).toMatch(/tracey_aggregator_ingest_latency_seconds_count [1-9]/);
  });
});
