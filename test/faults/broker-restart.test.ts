import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { generatePipelineEvents } from '@tracey/graph/testing';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  resetTestGraph,
  testServices,
} from '@tracey/testing';
import type { TestTopology } from '@tracey/testing';
import {
  actualGraph,
  drain,
  expectedGraph,
  readyMessages,
  storedEventCount,
  uniquenessConstraints,
  waitUntil,
  WorkerProcess,
} from '@tracey/aggregator/testing';
import { buildProcesses } from './support/build-processes.js';
import { reportFigures } from './support/fault-report.js';
import {
  removeTopologyAndDestroy,
  restartableBroker,
  type RestartableBroker,
} from './support/private-rabbitmq.js';
import { runTraceyBinary, type CliRun } from './support/tracey-cli.js';

const EVENTS = 5_000;
const FILES = 50;
const RUNS_BETWEEN = 5;
const DOWN_MS = 5_000;

describe('producers publishing while the broker restarts', () => {
  const services = testServices();
  const events = generatePipelineEvents(EVENTS);
  let broker: RestartableBroker;
  let setup: AmqpTestBroker;
  let topology: TestTopology;
  let audit: string;
  let driver: Driver;
  let work: string;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    buildProcesses();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    work = await mkdtemp(`${tmpdir()}/tracey-faults-broker-`);
    broker = await restartableBroker(services.amqpUrl);
    setup = await AmqpTestBroker.connect(broker.url);
    topology = await declareTestTopology(setup, 'faults-broker');
    // Counts what reached the broker, beside the workers' queue.
    audit = await setup.boundQueue(topology.exchange, ['#'], 'faults-broker-audit');
    // The setup connection does not survive a restart; the checks open a new one.
    await setup.connection.close();
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await removeTopologyAndDestroy(broker, topology, [audit]);
    await driver.close();
    await rm(work, { recursive: true, force: true });
  });

  it(`loses nothing of ${EVENTS} events published by the tracey CLI across two broker restarts`, async () => {
    const started = Date.now();
    worker = await WorkerProcess.start({ ...services, amqpUrl: broker.url }, topology, {
      TRACEY_BATCH_SIZE: '200',
      TRACEY_PREFETCH: '600',
    });
    const files: string[] = [];
    const perFile = EVENTS / FILES;
    for (let index = 0; index < FILES; index++) {
      const path = `${work}/events-${index}.ndjson`;
      const chunk = events.slice(index * perFile, (index + 1) * perFile);
      await writeFile(path, chunk.map((event) => JSON.stringify(event)).join('\n') + '\n');
      files.push(path);
    }
    const env = {
      TRACEY_AMQP_URL: broker.url,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_SPOOL_DIR: `${work}/spool`,
      TRACEY_CONFIRM_MS: '3000',
      TRACEY_LOG_LEVEL: 'silent',
    };

    // A build publishing file after file, as CI steps do, while the broker goes away twice.
    const runs: CliRun[] = [];
    const publishing = (async () => {
      for (const file of files) runs.push(await runTraceyBinary(['publish', '--file', file], env));
    })();
    const restarts: { stopMs: number; downMs: number; startMs: number; runsBefore: number }[] = [];
    for (let restart = 0; restart < 2; restart++) {
      // Five runs against a live broker first: before the first restart, and between the two
      // (those find the spool of the first outage and re-send it before their own events).
      const wanted = runs.length + RUNS_BETWEEN;
      await waitUntil(`${wanted} publish runs`, () => Promise.resolve(runs.length >= wanted), 120_000);
      const runsBefore = runs.length;
      let at = Date.now();
      await broker.stop();
      const stopMs = Date.now() - at;
      await sleep(DOWN_MS);
      at = Date.now();
      await broker.start();
      restarts.push({ stopMs, downMs: DOWN_MS, startMs: Date.now() - at, runsBefore });
    }
    await publishing;

    const spooledRuns = runs.filter((run) => /spooled/.test(run.stderr));
    const spooled = spooledRuns.reduce(
      (sum, run) => sum + Number(/(\d+) events spooled/.exec(run.stderr)?.[1] ?? 0),
      0,
    );
    expect(runs.map((run) => run.exitCode)).toEqual(files.map(() => 0));
    // The fault reached the producers: some events could not be confirmed and waited in the spool.
    expect(spooled).toBeGreaterThan(0);

    const flush = await runTraceyBinary(['spool', 'flush'], env);
    expect(flush.exitCode, flush.stderr).toBe(0);
    expect(flush.stdout).toMatch(/; 0 remain in /);
    expect((await readdir(`${work}/spool`)).filter((name) => !name.startsWith('.'))).toEqual([]);

    const check = await AmqpTestBroker.connect(broker.url);
    try {
      const stored = () => storedEventCount(driver);
      await waitUntil('every event stored', async () => (await stored()) >= EVENTS, 180_000);
      await waitUntil(
        'worker queue empty',
        async () => (await readyMessages(check.channel, topology.queue)) === 0,
      );

      const received = await drain(check.channel, audit);
      const ids = received.map((message) => message.properties.messageId as string);
      const distinct = new Set(ids);
      expect(distinct.size).toBe(EVENTS);
      expect([...distinct].sort()).toEqual(events.map((event) => event.meta.id).sort());
      expect(await actualGraph(driver)).toEqual(expectedGraph(events));
      // No id is stored twice because the uniqueness constraint forbids it.
      expect(await uniquenessConstraints(driver)).toContainEqual([['Event'], ['id']]);
      expect(await readyMessages(check.channel, topology.deadLetterQueue)).toBe(0);
      expect(worker.child.exitCode).toBeNull();

      reportFigures('broker-restart', {
        broker: broker.kind,
        events: EVENTS,
        cliRuns: runs.length,
        runsThatSpooled: spooledRuns.length,
        eventsSpooled: spooled,
        resentByLaterRuns: spooled - Number(/flushed (\d+)/.exec(flush.stdout)?.[1]),
        flushed: Number(/flushed (\d+)/.exec(flush.stdout)?.[1]),
        restarts,
        messagesOnAuditQueue: received.length,
        duplicatesOnAuditQueue: received.length - distinct.size,
        storedInGraph: await stored(),
        slowestCliRunMs: Math.max(...runs.map((run) => run.ms)),
        totalMs: Date.now() - started,
      });
    } finally {
      await check.connection.close();
    }
  });
});
