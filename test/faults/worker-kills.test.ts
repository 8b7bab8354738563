import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import { generatePipelineEvents } from '@tracey/aggregator';
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
  storedEventCount,
  uniquenessConstraints,
} from '../../aggregator/test/support/graph-expectations.js';
import {
  publishEvents,
  readyMessages,
  shuffled,
  waitUntil,
} from '../../aggregator/test/support/ingest-harness.js';
import { WorkerProcess } from '../../aggregator/test/support/worker-process.js';
import { buildProcesses } from './support/build-processes.js';
import { reportFigures } from './support/fault-report.js';
import { faultSeed, seededRandom } from './support/seeded-random.js';

const EVENTS = 20_000;
const WORKERS = 2;
const KILLS = 6;
const SEED = faultSeed();

describe('workers killed with SIGKILL at random during an ingest', () => {
  const services = testServices();
  const events = generatePipelineEvents(EVENTS);
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  const workers: WorkerProcess[] = [];

  const stored = () => storedEventCount(driver);

  const startWorker = () =>
    WorkerProcess.start(services, topology, { TRACEY_BATCH_SIZE: '200', TRACEY_PREFETCH: '600' });

  beforeAll(async () => {
    buildProcesses();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'faults-kills');
    publisher = await broker.connection.createConfirmChannel();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  it(`stores ${EVENTS} events exactly once while ${WORKERS} workers are killed ${KILLS} times`, async () => {
    const random = seededRandom(SEED);
    const started = Date.now();
    for (let slot = 0; slot < WORKERS; slot++) workers.push(await startWorker());
    const publishing = publishEvents(publisher, topology.exchange, shuffled(events, SEED));

    const kills: { worker: number; storedAtKill: number; afterMs: number }[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(300 + Math.floor(random() * 1_700));
      const slot = Math.floor(random() * WORKERS);
      const victim = workers[slot] as WorkerProcess;
      const storedAtKill = await stored();
      // SIGKILL: no handler runs, whatever the worker held unacked goes back to the queue.
      expect(await victim.kill('SIGKILL')).toBeNull();
      kills.push({ worker: slot, storedAtKill, afterMs: Date.now() - started });
      workers[slot] = await startWorker();
    }
    await publishing;
    // The faults hit a running ingest, not one that had not begun or was over.
    const midIngest = kills.filter((kill) => kill.storedAtKill > 0 && kill.storedAtKill < EVENTS);
    expect(midIngest.length).toBeGreaterThanOrEqual(3);

    await waitUntil('every event stored', async () => (await stored()) >= EVENTS, 240_000);
    await waitUntil('queue empty', async () => (await readyMessages(broker.channel, topology.queue)) === 0);
    const ingestMs = Date.now() - started;

    const expected = expectedGraph(events);
    const actual = await actualGraph(driver);
    expect(actual).toEqual(expected);
    // No id is stored twice because the uniqueness constraint forbids it.
    expect(await uniquenessConstraints(driver)).toContainEqual([['Event'], ['id']]);
    const deadLettered = await readyMessages(broker.channel, topology.deadLetterQueue);
    expect(deadLettered).toBe(0);
    const redelivered = (await Promise.all(workers.map((worker) => worker.metrics())))
      .map((text) => /tracey_aggregator_messages_consumed_total (\d+)/.exec(text)?.[1])
      .map(Number);
    for (const worker of workers) expect(await worker.kill('SIGTERM')).toBe(0);
    workers.length = 0;

    reportFigures('worker-kills', {
      seed: SEED,
      events: EVENTS,
      workers: WORKERS,
      kills,
      nodes: actual.nodes,
      relationships: actual.relationships.length,
      deadLettered,
      consumedBySurvivors: redelivered,
      ingestMs,
    });
  });
});
