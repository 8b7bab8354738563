import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '@tracey/http-kit/testing';
import type { Driver } from 'neo4j-driver';
import type { AggregatorService } from '@tracey/aggregator';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  freePort,
  resetTestGraph,
  testServices,
  waitUntil,
  type TestTopology,
} from '@tracey/testing';
import { buildEventId, buildIdentity } from '@tracey/jenkins-adapter';
import type { AdapterService } from '../src/adapter-service.js';
import { jenkinsSample } from '@tracey/jenkins-adapter/testing';
import { startTestAdapter, startTestAggregator } from './support/adapter-pipeline.js';

const TOKEN = 'adapter-recreated-job-token';
const JOB_URL = 'http://jenkins.example.com/job/feature-x/';
const BUILD_URL = `${JOB_URL}1/`;
const PHASES = ['queued', 'started', 'completed', 'finalized'] as const;
const REASONS = ['unsupported-content-type', 'not-json', 'invalid-event', 'conflict', 'store-rejected'];

/**
 * Build #1 of the job `feature-x` as the plugin reports it in `phase`: the freestyle sample moved to
 * that job, with the run's own queue id and start time (a re-created job's #1 runs later).
 */
function buildOne(phase: (typeof PHASES)[number], run: { queueId: number; startedAt: number }): string {
  const sample = JSON.parse(jenkinsSample(`freestyle-${phase}`)) as {
    build: Record<string, unknown> & { timestamp: number };
  } & Record<string, unknown>;
  const { parameters: _parameters, ...build } = sample.build;
  const shift = run.startedAt - 1_790_000_000_000;
  return JSON.stringify({
    ...sample,
    name: 'feature-x',
    display_name: 'feature-x',
    url: 'job/feature-x/',
    build: {
      ...build,
      full_url: BUILD_URL,
      url: 'job/feature-x/1/',
      number: 1,
      display_name: '#1',
      queue_id: run.queueId,
      timestamp: build.timestamp + shift,
      artifacts: { 'dist/app.tgz': { archive: `${BUILD_URL}artifact/dist/app.tgz` } },
    },
  });
}

// Issue 14, item 5: a job deleted and created again numbers its builds from 1 under the same URL.
describe('a re-created Jenkins job keeps its old builds', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let topology: TestTopology;
  let aggregator: AggregatorService;
  let adapter: AdapterService & { url: string };
  const oldRun = { queueId: 4711, startedAt: 1_790_000_000_000 };
  const newRun = { queueId: 5230, startedAt: 1_790_086_400_000 };

  const metrics = () => aggregator.worker.metrics;
  const sumOf = async (counts: Promise<number>[]) => (await Promise.all(counts)).reduce((a, b) => a + b, 0);
  const deadLettered = () => sumOf(REASONS.map((reason) => metricValue(metrics().deadLettered, { reason })));
  const written = () => metricValue(metrics().written);
  const duplicates = () => metricValue(metrics().duplicates);
  const settled = () => sumOf([written(), duplicates(), deadLettered()]);

  /** Posts every phase of one run, waits until the aggregator settled them, returns the ids. */
  async function notifyRun(run: { queueId: number; startedAt: number }): Promise<string[]> {
    const before = await settled();
    const ids: string[] = [];
    for (const phase of PHASES) {
      const response = await fetch(`${adapter.url}/jenkins/notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: buildOne(phase, run),
      });
      expect(response.status, `${phase}: ${await response.clone().text()}`).toBe(200);
      ids.push(...((await response.json()) as { events: { id: string }[] }).events.map((event) => event.id));
    }
    await waitUntil(`${ids.length} events settled`, async () => (await settled()) - before >= ids.length);
    return ids;
  }

  async function storedIds(): Promise<string[]> {
    const { records } = await driver.executeQuery(
      'MATCH (e:Event) WHERE e.hash IS NOT NULL RETURN e.id AS id ORDER BY id',
    );
    return records.map((record) => record.get('id') as string);
  }

  beforeAll(async () => {
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'adapter-recreated');
    aggregator = await startTestAggregator(services, topology);
    // No query API: the source-change lookups fail fast and cost only that link.
    adapter = await startTestAdapter(services, topology, {
      apiUrl: `http://127.0.0.1:${await freePort()}`,
      token: TOKEN,
    });
  });

  afterAll(async () => {
    await adapter?.stop();
    await aggregator?.stop();
    await broker?.cleanup();
    await driver?.close();
  });

  it('stores both builds #1, dead-letters nothing, and repeated notifications add nothing', async () => {
    const oldIds = await notifyRun(oldRun);
    const newIds = await notifyRun(newRun);
    const identity = (run: { queueId: number }) => buildIdentity(BUILD_URL, run.queueId);
    // Independently of the adapter: the ids follow from the URL and the queue id of each run.
    const expected = (run: { queueId: number }) =>
      [
        buildEventId(identity(run), 'triggered'),
        buildEventId(identity(run), 'started'),
        buildEventId(identity(run), 'finished'),
        buildEventId(identity(run), { artifact: 'dist/app.tgz' }),
      ].sort();
    expect([...new Set(oldIds)].sort()).toEqual(expected(oldRun));
    expect([...new Set(newIds)].sort()).toEqual(expected(newRun));
    expect(await deadLettered()).toBe(0);
    expect(await storedIds()).toEqual([...expected(oldRun), ...expected(newRun)].sort());
    const { records } = await driver.executeQuery(
      `MATCH (t:EiffelActivityTriggeredEvent {name: 'feature-x'}) RETURN t.time AS time ORDER BY time`,
    );
    expect(records.map((record) => Number(record.get('time')))).toEqual([
      oldRun.startedAt - 15_000,
      newRun.startedAt - 15_000,
    ]);

    const writtenBefore = await written();
    await notifyRun(oldRun);
    await notifyRun(newRun);
    expect(await written()).toBe(writtenBefore);
    expect(await deadLettered()).toBe(0);
    expect(await storedIds()).toEqual([...expected(oldRun), ...expected(newRun)].sort());
  });
});
