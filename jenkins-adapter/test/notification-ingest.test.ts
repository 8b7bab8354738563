import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '@tracey/http-kit/testing';
import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import type { AggregatorService } from '@tracey/aggregator';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  resetTestGraph,
  testServices,
  waitUntil,
  type TestTopology,
} from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import { buildEventId } from '@tracey/jenkins-adapter';
import type { AdapterService } from '../src/adapter-service.js';
import { jenkinsSample } from '@tracey/jenkins-adapter/testing';
import { startTestAdapter, startTestAggregator, startTestApi } from './support/adapter-pipeline.js';

const TOKEN = 'adapter-test-token';
const COMMIT = '9f1c2e7d4b8a6c5e3f2a1b0c9d8e7f6a5b4c3d2e';
const CAUSE = '5b2a7c3e-1d4f-4a8b-9c6e-2f1a3b4c5d6e';
// The samples' build identities (buildIdentity): full URL and queue id.
const FREESTYLE = 'http://jenkins.example.com/job/app-build/57/#812';
const PIPELINE = 'http://jenkins.example.com/job/deploy-pipeline/12/#913';
const REASONS = ['unsupported-content-type', 'not-json', 'invalid-event', 'conflict', 'store-rejected'];

describe('Jenkins notifications through the broker and the aggregator into Neo4j', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let topology: TestTopology;
  let aggregator: AggregatorService;
  let api: { app: FastifyInstance; url: string };
  let adapter: AdapterService & { url: string };

  const metrics = () => aggregator.worker.metrics;
  const sumOf = async (counts: Promise<number>[]) => (await Promise.all(counts)).reduce((a, b) => a + b, 0);
  const deadLettered = () => sumOf(REASONS.map((reason) => metricValue(metrics().deadLettered, { reason })));
  const written = () => metricValue(metrics().written);
  const duplicates = () => metricValue(metrics().duplicates);
  const settled = () => sumOf([written(), duplicates(), deadLettered()]);

  /** Posts as the Notification plugin does: JSON, Basic auth from the endpoint URL's user info. */
  async function notify(target: { url: string }, sample: string): Promise<{ events: { id: string }[] }> {
    const response = await fetch(`${target.url}/jenkins/notification`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json;charset=UTF-8',
        authorization: `Basic ${Buffer.from(`jenkins:${TOKEN}`).toString('base64')}`,
      },
      body: jenkinsSample(sample),
    });
    expect(response.status, `${sample}: ${await response.clone().text()}`).toBe(200);
    return (await response.json()) as { events: { id: string }[] };
  }

  /** Posts notifications in order and waits until the aggregator settled every event they published. */
  async function notifyAll(target: { url: string }, samples: readonly string[]): Promise<string[]> {
    const before = await settled();
    const ids: string[] = [];
    for (const sample of samples) ids.push(...(await notify(target, sample)).events.map((event) => event.id));
    await waitUntil(`${ids.length} events settled`, async () => (await settled()) - before >= ids.length);
    return ids;
  }

  async function rows(
    cypher: string,
    params: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>[]> {
    return (await driver.executeQuery(cypher, params)).records.map((record) => record.toObject());
  }

  /** `source TYPE target legal`, sorted, for the relationships leaving `ids`. */
  async function linksFrom(ids: readonly string[]): Promise<string[]> {
    const found = await rows(
      'MATCH (s:Event)-[r]->(t) WHERE s.id IN $ids RETURN s.id + " " + type(r) + " " + t.id + " " + coalesce(toString(r.legalTarget), "?") AS link',
      { ids },
    );
    return found.map((row) => row['link'] as string).sort();
  }

  async function graphState(): Promise<{ nodes: string[]; relationships: string[] }> {
    const nodes = await rows('MATCH (n) RETURN n.id + " " + coalesce(n.hash, "placeholder") AS node');
    const relationships = await rows('MATCH (s)-[r]->(t) RETURN s.id + " " + type(r) + " " + t.id AS rel');
    return {
      nodes: nodes.map((row) => row['node'] as string).sort(),
      relationships: relationships.map((row) => row['rel'] as string).sort(),
    };
  }

  beforeAll(async () => {
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'jenkins-adapter');
    aggregator = await startTestAggregator(services, topology);
    api = await startTestApi(services);
    adapter = await startTestAdapter(services, topology, { apiUrl: api.url, token: TOKEN });
  });

  afterAll(async () => {
    await adapter?.stop();
    await api?.app.close();
    await aggregator?.stop();
    await broker?.cleanup();
    await driver?.close();
  });

  it('takes the upstream events through POST /events', async () => {
    const change = eiffelEvent('EiffelSourceChangeSubmittedEvent', {
      gitIdentifier: { commitId: COMMIT, repoUri: 'https://git.example.com/acme/app.git', branch: 'main' },
    }).build();
    const cause = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      { identity: 'pkg:npm/%40acme/lib@2.0.0' },
      { id: CAUSE },
    ).build();
    const before = await settled();
    const response = await fetch(`${adapter.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify([change, cause]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      published: 2,
      rejected: 0,
      unroutable: [],
      results: [
        { index: 0, status: 'published', id: change.meta.id },
        { index: 1, status: 'published', id: CAUSE },
      ],
    });
    await waitUntil('2 events stored', async () => (await settled()) - before >= 2);
    expect(await written()).toBe(2);
  });

  it('stores a freestyle build: activity, execution, outcome, artifacts, and the causes', async () => {
    const ids = await notifyAll(adapter, [
      'freestyle-queued',
      'freestyle-started',
      'freestyle-completed',
      'freestyle-finalized',
    ]);
    const triggered = buildEventId(FREESTYLE, 'triggered');
    const started = buildEventId(FREESTYLE, 'started');
    const finished = buildEventId(FREESTYLE, 'finished');
    const tgz = buildEventId(FREESTYLE, { artifact: 'dist/app-1.4.0.tgz' });
    const sbom = buildEventId(FREESTYLE, { artifact: 'dist/app-1.4.0.sbom.json' });
    // COMPLETED and FINALIZED both send the finished event: the second is a duplicate.
    expect(ids).toEqual([triggered, started, finished, finished, sbom, tgz]);
    const [change] = await rows(
      'MATCH (c:EiffelSourceChangeSubmittedEvent {commitId: $commit}) RETURN c.id AS id',
      {
        commit: COMMIT,
      },
    );
    expect(await linksFrom([triggered, started, finished, tgz, sbom])).toEqual(
      [
        `${triggered} CAUSE ${CAUSE} true`,
        `${triggered} CAUSE ${change?.['id'] as string} true`,
        `${started} ACTIVITY_EXECUTION ${triggered} true`,
        `${finished} ACTIVITY_EXECUTION ${triggered} true`,
        `${tgz} CONTEXT ${triggered} true`,
        `${sbom} CONTEXT ${triggered} true`,
      ].sort(),
    );
    expect(
      await rows(
        `MATCH (t:EiffelActivityTriggeredEvent {id: $triggered}), (f:EiffelActivityFinishedEvent {id: $finished})
         MATCH (a:EiffelArtifactCreatedEvent)-[:CONTEXT]->(t)
         RETURN t.name AS name, t.time AS time, f.conclusion AS conclusion, collect(a.identity) AS identities`,
        { triggered, finished },
      ),
    ).toEqual([
      {
        name: 'app-build',
        time: 1789999985000,
        conclusion: 'SUCCESSFUL',
        identities: expect.arrayContaining([
          'pkg:generic/app-build/app-1.4.0.tgz@57',
          'pkg:generic/app-build/app-1.4.0.sbom.json@57',
        ]) as unknown,
      },
    ]);
    // FINALIZED repeats COMPLETED's finished event: the same content, so a duplicate, not a conflict.
    expect(await deadLettered()).toBe(0);
  });

  it('stores a Pipeline build whose QUEUED came last: STARTED published the triggered event', async () => {
    const ids = await notifyAll(adapter, [
      'pipeline-started',
      'pipeline-completed',
      'pipeline-finalized',
      'pipeline-queued',
    ]);
    const triggered = buildEventId(PIPELINE, 'triggered');
    const started = buildEventId(PIPELINE, 'started');
    const finished = buildEventId(PIPELINE, 'finished');
    // The late QUEUED publishes nothing: this process sent the triggered event already.
    expect(ids).toEqual([triggered, started, finished, finished]);
    const [change] = await rows('MATCH (c:EiffelSourceChangeSubmittedEvent) RETURN c.id AS id');
    expect(await linksFrom([triggered, started, finished])).toEqual(
      [
        `${triggered} CAUSE ${change?.['id'] as string} true`,
        `${started} ACTIVITY_EXECUTION ${triggered} true`,
        `${finished} ACTIVITY_EXECUTION ${triggered} true`,
      ].sort(),
    );
    expect(
      await rows('MATCH (f:EiffelActivityFinishedEvent {id: $finished}) RETURN f.conclusion AS conclusion', {
        finished,
      }),
    ).toEqual([{ conclusion: 'FAILED' }]);
    expect(await rows('MATCH (p:Placeholder) RETURN p.id AS id')).toEqual([]);
    expect(await deadLettered()).toBe(0);
  });

  it('adds nothing for repeated notifications, also from a restarted adapter, and dead-letters nothing', async () => {
    const before = await graphState();
    expect(before.nodes).toHaveLength(2 + 5 + 3);
    expect(before.relationships).toHaveLength(6 + 3);
    const writtenBefore = await written();
    const duplicatesBefore = await duplicates();

    // The same adapter: everything but the triggered events again.
    const again = await notifyAll(adapter, ['freestyle-finalized', 'pipeline-started']);
    // A restarted adapter remembers nothing, but the graph has the triggered events: not sent again.
    const restarted = await startTestAdapter(services, topology, { apiUrl: api.url, token: TOKEN });
    let replayed: string[];
    try {
      replayed = await notifyAll(restarted, [
        'freestyle-queued',
        'freestyle-started',
        'freestyle-completed',
        'freestyle-finalized',
        'pipeline-started',
        'pipeline-completed',
        'pipeline-finalized',
        'pipeline-queued',
      ]);
    } finally {
      await restarted.stop();
    }
    expect(again).toHaveLength(3 + 1);
    expect(replayed).toHaveLength(5 + 3);
    expect(replayed).not.toContain(buildEventId(FREESTYLE, 'triggered'));
    expect(replayed).not.toContain(buildEventId(PIPELINE, 'triggered'));
    expect((await duplicates()) - duplicatesBefore).toBe(again.length + replayed.length);
    expect(await written()).toBe(writtenBefore);
    expect(await deadLettered()).toBe(0);
    expect((await broker.channel.checkQueue(topology.deadLetterQueue)).messageCount).toBe(0);
    expect(await graphState()).toEqual(before);
  });
});
