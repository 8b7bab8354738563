import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  type TestTopology,
} from '@tracey/testing';
import {
  actualGraph,
  expectedGraph,
  readyMessages,
  storedEventCount,
  waitUntil,
  WorkerProcess,
} from '@tracey/aggregator/testing';
import { buildProcesses } from './support/build-processes.js';
import { reportFigures } from './support/fault-report.js';
import { canStartPrivateRabbitMq } from './support/private-rabbitmq.js';
import { RabbitMqCluster } from './support/rabbitmq-cluster.js';
import { runTraceyBinary, type CliRun } from './support/tracey-cli.js';

// Issue 23, done when: on a 3-node RabbitMQ cluster of this machine, 20,000 events published by
// the CLI and drained by 3 workers, while (a) the node holding the queue's leader is stopped and
// later restarted and (b) another node is killed with SIGKILL: the graph equals the input, nothing
// duplicated, nothing dead-lettered. Every client is given the three nodes in TRACEY_AMQP_URL.

const EVENTS = 20_000;
const FILES = 40;
const DOWN_MS = 5_000;

describe('a RabbitMQ cluster losing nodes during an ingest', () => {
  const services = testServices();
  const events = generatePipelineEvents(EVENTS);
  let cluster: RabbitMqCluster;
  let topology: TestTopology;
  let driver: Driver;
  let work: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    if (!canStartPrivateRabbitMq())
      throw new Error(
        'the cluster fault test starts RabbitMQ nodes of its own: run it as root with rabbitmq-server installed',
      );
    buildProcesses();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    work = await mkdtemp(`${tmpdir()}/tracey-faults-cluster-`);
    cluster = await RabbitMqCluster.create(3);
    const setup = await AmqpTestBroker.connect(cluster.nodes[0]!.url);
    topology = await declareTestTopology(setup, 'faults-cluster');
    await setup.connection.close();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await cluster?.destroy();
    await driver?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it(`stores ${EVENTS} events once while the queue leader's node stops and another is killed`, async () => {
    const started = Date.now();
    const nodes = cluster.nodes;
    expect(await cluster.runningNodes(nodes[0]!)).toEqual(nodes.map((node) => node.name).sort());
    for (let i = 0; i < 3; i++)
      workers.push(
        await WorkerProcess.start({ ...services, amqpUrl: cluster.url }, topology, {
          TRACEY_BATCH_SIZE: '200',
          TRACEY_PREFETCH: '600',
        }),
      );
    // Declared by the workers as every client declares them (no x-quorum-initial-group-size: giving it where a
    // queue exists without it fails the declaration), the worker and dead-letter queues get a
    // replica on each of the 3 nodes: the broker's default.
    for (const queue of [topology.queue, topology.deadLetterQueue])
      expect(await cluster.membersOf(queue, nodes[0]!), queue).toEqual(nodes.map((node) => node.name).sort());
    const files: string[] = [];
    const perFile = EVENTS / FILES;
    for (let index = 0; index < FILES; index++) {
      const path = `${work}/events-${index}.ndjson`;
      await writeFile(
        path,
        events
          .slice(index * perFile, (index + 1) * perFile)
          .map((event) => JSON.stringify(event))
          .join('\n') + '\n',
      );
      files.push(path);
    }
    const env = {
      TRACEY_AMQP_URL: cluster.url,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_SPOOL_DIR: `${work}/spool`,
      TRACEY_CONFIRM_MS: '3000',
      TRACEY_LOG_LEVEL: 'silent',
    };
    const runs: CliRun[] = [];
    const publishing = (async () => {
      for (const file of files) runs.push(await runTraceyBinary(['publish', '--file', file], env));
    })();

    const stored = () => storedEventCount(driver);
    /**
     * Takes a node away while the CLI still publishes (after `afterRuns` of its runs) and the
     * workers drain, and answers how long until the graph grows again.
     */
    const outage = async (
      what: 'stop' | 'kill',
      afterRuns: number,
      pick: () => Promise<(typeof nodes)[number]>,
    ) => {
      await waitUntil(`${afterRuns} publish runs`, () => Promise.resolve(runs.length >= afterRuns), 180_000);
      await waitUntil('the workers storing', async () => (await stored()) > 0, 60_000);
      const node = await pick();
      const before = await stored();
      const at = Date.now();
      if (what === 'stop') await node.stop();
      else await node.kill();
      await waitUntil('the graph to grow again', async () => (await stored()) > before, 120_000);
      const recoverMs = Date.now() - at;
      await sleep(DOWN_MS);
      await node.start();
      return { what, node: node.name, runsBefore: afterRuns, storedAtOutage: before, recoverMs };
    };
    const live = () => nodes[0]!;
    const leaderNode = await cluster.leaderOf(topology.queue, live());
    const first = await outage('stop', 8, () => Promise.resolve(leaderNode));
    // The second: another node than the first, the queue's new leader when it is one.
    const second = await outage('kill', 24, async () => {
      const others = nodes.filter((node) => node !== leaderNode);
      const asked = others[0]!;
      const leader = await cluster.leaderOf(topology.queue, asked).catch(() => undefined);
      return leader !== undefined && leader !== leaderNode ? leader : asked;
    });
    expect(second.node).not.toBe(first.node);
    await publishing;
    // The outages came while the CLI published, not after.
    expect(runs.length).toBe(FILES);
    expect(second.runsBefore).toBeLessThan(FILES);

    // What the broker did not confirm during the outages waited in the spool; later runs and a
    // flush send it again.
    expect(
      runs.map((run) => run.exitCode),
      // A failed run's own words, so that a rare failure can be told from the numbers alone.
      runs
        .filter((run) => run.exitCode !== 0)
        .map((run) => `exit ${String(run.exitCode)}: ${run.stderr.slice(-2000)}`)
        .join('\n'),
    ).toEqual(files.map(() => 0));
    const flush = await runTraceyBinary(['spool', 'flush'], env);
    expect(flush.exitCode, flush.stderr).toBe(0);

    await waitUntil('every event stored', async () => (await stored()) >= EVENTS, 300_000);
    const check = await AmqpTestBroker.connect(live().url);
    try {
      await waitUntil(
        'the queue drained',
        async () => (await readyMessages(check.channel, topology.queue)) === 0,
      );
      expect(await readyMessages(check.channel, topology.deadLetterQueue)).toBe(0);
    } finally {
      await check.connection.close();
    }
    expect(await actualGraph(driver)).toEqual(expectedGraph(events));
    expect(await cluster.runningNodes(live())).toEqual(nodes.map((node) => node.name).sort());
    expect(workers.map((worker) => worker.child.exitCode)).toEqual([null, null, null]);

    reportFigures('rabbitmq-cluster', {
      nodes: nodes.length,
      events: EVENTS,
      workers: workers.length,
      cliRuns: runs.length,
      runsThatSpooled: runs.filter((run) => /spooled/.test(run.stderr)).length,
      outages: [first, second],
      flushed: Number(/flushed (\d+)/.exec(flush.stdout)?.[1] ?? 0),
      totalMs: Date.now() - started,
    });
  });
});
