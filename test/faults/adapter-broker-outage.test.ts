import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  freePort,
  resetTestGraph,
  testServices,
  waitUntil,
} from '@tracey/testing';
import type { TestTopology } from '@tracey/testing';
import { drain, readyMessages, WorkerProcess } from '@tracey/aggregator/testing';
import { jenkinsSample, spawnAdapter, type AdapterProcess } from '@tracey/jenkins-adapter/testing';
import { buildProcesses } from './support/build-processes.js';
import { reportFigures } from './support/fault-report.js';
import {
  removeTopologyAndDestroy,
  restartableBroker,
  type RestartableBroker,
} from './support/private-rabbitmq.js';

const TOKEN = 'faults-adapter-outage-token';
/** How long the broker stays down (the 60 s; shorter with TRACEY_FAULTS_ADAPTER_DOWN_MS). */
const DOWN_MS = Number(process.env['TRACEY_FAULTS_ADAPTER_DOWN_MS'] ?? 60_000);
const BUILDS = { before: 3, during: 12, after: 3 };
const PHASES = ['queued', 'started', 'completed', 'finalized'] as const;

/** Build `number` of job `job-<n>`: the freestyle sample moved to that job, in `phase`. */
function notification(job: number, phase: (typeof PHASES)[number]): string {
  const sample = JSON.parse(jenkinsSample(`freestyle-${phase}`)) as {
    build: Record<string, unknown> & { timestamp: number };
  } & Record<string, unknown>;
  const { parameters: _parameters, scm: _scm, ...build } = sample.build;
  const url = `http://jenkins.example.com/job/job-${job}/7/`;
  return JSON.stringify({
    ...sample,
    name: `job-${job}`,
    url: `job/job-${job}/`,
    build: {
      ...build,
      full_url: url,
      url: `job/job-${job}/7/`,
      number: 7,
      queue_id: 10_000 + job,
      timestamp: build.timestamp + job * 60_000,
      artifacts: { [`dist/job-${job}.tgz`]: { archive: `${url}artifact/dist/job-${job}.tgz` } },
    },
  });
}

// Issue 14, item 4 (Done when): the broker stopped for 60 s while Jenkins notifications arrive —
// every notification answered (202 while it is down), every event in the graph afterwards, none
// twice, nothing dead-lettered.
describe('Jenkins notifications while the broker is down', () => {
  const services = testServices();
  let broker: RestartableBroker;
  let topology: TestTopology;
  let audit: string;
  let driver: Driver;
  let work: string;
  let worker: WorkerProcess | undefined;
  let adapter: AdapterProcess | undefined;

  beforeAll(async () => {
    buildProcesses();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    work = await mkdtemp(`${tmpdir()}/tracey-faults-adapter-`);
    broker = await restartableBroker(services.amqpUrl);
    const setup = await AmqpTestBroker.connect(broker.url);
    topology = await declareTestTopology(setup, 'faults-adapter');
    audit = await setup.boundQueue(topology.exchange, ['#'], 'faults-adapter-audit');
    await setup.connection.close();
  });

  afterAll(async () => {
    adapter?.child.kill('SIGKILL');
    await worker?.kill('SIGKILL');
    await removeTopologyAndDestroy(broker, topology, [audit]);
    await driver.close();
    await rm(work, { recursive: true, force: true });
  });

  it(`answers every notification and stores every event once across a ${DOWN_MS / 1000} s broker outage`, async () => {
    const started = Date.now();
    worker = await WorkerProcess.start({ ...services, amqpUrl: broker.url }, topology, {});
    const port = await freePort();
    adapter = spawnAdapter({
      TRACEY_AMQP_URL: broker.url,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_ADAPTER_TOKEN: TOKEN,
      TRACEY_ADAPTER_PORT: String(port),
      TRACEY_API_URL: `http://127.0.0.1:${await freePort()}`,
      TRACEY_ADAPTER_SPOOL_DIR: `${work}/spool`,
      TRACEY_ADAPTER_SPOOL_FLUSH_MS: '1000',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitUntil('the adapter to be ready', () =>
      fetch(`${base}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    );

    const statuses: number[] = [];
    const ids = new Set<string>();
    const notifyBuild = async (job: number) => {
      for (const phase of PHASES) {
        const response = await fetch(`${base}/jenkins/notification`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: notification(job, phase),
        });
        statuses.push(response.status);
        const body = (await response.json()) as { events?: { id: string }[] };
        for (const event of body.events ?? []) ids.add(event.id);
      }
    };

    let job = 0;
    for (let index = 0; index < BUILDS.before; index++) await notifyBuild(job++);
    const beforeStatuses = statuses.splice(0);
    await broker.stop();
    const downAt = Date.now();
    // The builds of the outage, spread over it.
    for (let index = 0; index < BUILDS.during; index++) {
      await notifyBuild(job++);
      await sleep(Math.max(0, downAt + ((index + 1) * DOWN_MS) / BUILDS.during - Date.now()));
    }
    const duringStatuses = statuses.splice(0);
    const spoolDuring = ((await (await fetch(`${base}/ready`)).json()) as { spool?: { events: number } })
      .spool;
    await broker.start();
    const downMs = Date.now() - downAt;
    for (let index = 0; index < BUILDS.after; index++) await notifyBuild(job++);
    const afterStatuses = statuses.splice(0);

    expect(beforeStatuses).toEqual(beforeStatuses.map(() => 200));
    expect(duringStatuses).toEqual(duringStatuses.map(() => 202));
    expect(afterStatuses.every((status) => status === 200 || status === 202)).toBe(true);
    // Per build: triggered, started, finished, one artifact — computed from the input, not the answers.
    expect(ids.size).toBe(4 * job);

    const stored = async () => {
      const { records } = await driver.executeQuery(
        'MATCH (e:Event) WHERE e.id IN $ids AND e.hash IS NOT NULL RETURN count(e) AS n',
        { ids: [...ids] },
      );
      return Number(records[0]?.get('n'));
    };
    await waitUntil('every event stored', async () => (await stored()) === ids.size, 120_000);
    await waitUntil('the spool empty', async () => {
      const ready = (await (await fetch(`${base}/ready`)).json()) as { spool?: { events: number } };
      return ready.spool?.events === 0;
    });
    const check = await AmqpTestBroker.connect(broker.url);
    try {
      await waitUntil(
        'worker queue empty',
        async () => (await readyMessages(check.channel, topology.queue)) === 0,
      );
      const received = (await drain(check.channel, audit)).map((message) =>
        String(message.properties.messageId),
      );
      expect(new Set(received)).toEqual(ids);
      const repeated = await driver.executeQuery(
        'MATCH (n:Event) WITH n.id AS id, count(*) AS copies WHERE copies > 1 RETURN count(id) AS c',
      );
      expect(Number(repeated.records[0]?.get('c'))).toBe(0);
      expect(await readyMessages(check.channel, topology.deadLetterQueue)).toBe(0);
      reportFigures('adapter-broker-outage', {
        broker: broker.kind,
        downMs,
        notifications: 4 * job,
        answered202WhileDown: duringStatuses.length,
        spooledEventsAtEndOfOutage: spoolDuring?.events,
        events: ids.size,
        messagesOnAuditQueue: received.length,
        storedInGraph: await stored(),
        totalMs: Date.now() - started,
      });
    } finally {
      await check.connection.close();
    }
  });
});
