import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import { generatePipelineEvents } from '@tracey/graph/testing';
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
  expectedGraph,
  publishEvents,
  readyMessages,
  shuffled,
  storedEventCount,
  waitUntil,
  WorkerProcess,
} from '@tracey/aggregator/testing';
import { buildProcesses } from './support/build-processes.js';
import { reportFigures } from './support/fault-report.js';
import { portOpen } from './support/port-open.js';
import { ScriptNeo4j } from './support/script-neo4j.js';

const EVENTS = 10_000;
const STOP_AT = 2_000;

describe('Neo4j restarted mid-ingest', () => {
  const services = testServices();
  const events = generatePipelineEvents(EVENTS);
  let neo4j: ScriptNeo4j;
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  let worker: WorkerProcess | undefined;

  const stored = () => storedEventCount(driver);

  beforeAll(async () => {
    buildProcesses();
    neo4j = await ScriptNeo4j.of(services);
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'faults-neo4j');
    publisher = await broker.connection.createConfirmChannel();
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  it(`stores all ${EVENTS} events and dead-letters nothing when Neo4j is stopped and started`, async () => {
    const started = Date.now();
    worker = await WorkerProcess.start(services, topology, {
      TRACEY_BATCH_SIZE: '200',
      TRACEY_PREFETCH: '600',
    });
    const publishing = publishEvents(publisher, topology.exchange, shuffled(events, 3));
    await waitUntil(`${STOP_AT} events stored`, async () => (await stored()) >= STOP_AT, 120_000);

    const storedAtStop = await stored();
    let at = Date.now();
    await neo4j.stop();
    const stopMs = Date.now() - at;
    // The server is really gone: nothing listens on Bolt, the worker says so on /ready.
    expect(await portOpen(Number(new URL(services.neo4jUrl).port || 7687))).toBe(false);
    const readyWhileDown = (await fetch(`http://127.0.0.1:${worker.port}/ready`)).status;
    expect(readyWhileDown).not.toBe(200);
    at = Date.now();
    await neo4j.start();
    const startMs = Date.now() - at;

    // The fault hit a running ingest: events were still to be stored when Neo4j went away.
    expect(storedAtStop).toBeGreaterThanOrEqual(STOP_AT);
    expect(storedAtStop).toBeLessThan(EVENTS);
    await publishing;
    await waitUntil('every event stored', async () => (await stored()) >= EVENTS, 240_000);
    await waitUntil('queue empty', async () => (await readyMessages(broker.channel, topology.queue)) === 0);
    const ingestMs = Date.now() - started;

    const actual = await actualGraph(driver);
    expect(actual).toEqual(expectedGraph(events));
    const deadLettered = await readyMessages(broker.channel, topology.deadLetterQueue);
    expect(deadLettered).toBe(0);
    const metrics = await worker.metrics();
    const retries = Number(/tracey_aggregator_write_retries_total (\d+)/.exec(metrics)?.[1]);
    expect(retries).toBeGreaterThan(0);
    expect(worker.child.exitCode).toBeNull();
    expect(await worker.kill('SIGTERM')).toBe(0);
    worker = undefined;

    reportFigures('neo4j-restart', {
      events: EVENTS,
      stoppedAfterStored: storedAtStop,
      stopMs,
      startMs,
      readyWhileDown,
      writeRetries: retries,
      nodes: actual.nodes,
      relationships: actual.relationships.length,
      deadLettered,
      ingestMs,
    });
  });
});
