import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
  TcpProxy,
} from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import { buildEventId } from '@tracey/jenkins-adapter';
import { loadAdapterConfig } from '../src/config.js';
import { startAdapter, type AdapterService } from '../src/adapter-service.js';
import { jenkinsSample } from '@tracey/jenkins-adapter/testing';
import { startTestAggregator } from './support/adapter-pipeline.js';
import { quietLogger } from './support/quiet-logger.js';

const TOKEN = 'adapter-spool-test-token';
const FREESTYLE = 'http://jenkins.example.com/job/app-build/57/#812';
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

interface Answer {
  readonly status: number;
  readonly body: { events?: { id: string }[]; spooled?: number; error?: { code: string } };
}

// Issue 14, item 4: the broker is unreachable (a proxy in front of it refuses connections) while
// notifications arrive; every one is answered 202 with its ids, survives an adapter restart in the
// spool, and reaches the exchange once per id, in order, when the broker is back.
describe('the Jenkins adapter during a broker outage', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let topology: TestTopology;
  let aggregator: AggregatorService;
  let proxy: TcpProxy;
  let probe: string;
  let spoolDir: string;
  const adapters: AdapterService[] = [];

  async function startAdapterOn(dir: string, extra: Record<string, string> = {}) {
    const amqp = new URL(services.amqpUrl);
    amqp.hostname = '127.0.0.1';
    amqp.port = String(proxy.port);
    const result = loadAdapterConfig({
      TRACEY_AMQP_URL: amqp.toString(),
      TRACEY_EXCHANGE: topology.exchange,
      // No query API: the lookups fail fast and cost only the source-change link.
      TRACEY_API_URL: `http://127.0.0.1:${await freePort()}`,
      TRACEY_ADAPTER_TOKEN: TOKEN,
      TRACEY_ADAPTER_PORT: String(await freePort()),
      TRACEY_ADAPTER_SPOOL_DIR: dir,
      TRACEY_ADAPTER_SPOOL_FLUSH_MS: '200',
      ...extra,
    });
    if (!result.ok) throw new Error(`adapter config: ${JSON.stringify(result.issues)}`);
    const service = await startAdapter(result.config, quietLogger);
    adapters.push(service);
    return service;
  }

  async function post(service: AdapterService, path: string, body: string): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${service.port}${path}`, {
      method: 'POST',
      headers: AUTH,
      body,
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  async function getJson(service: AdapterService, path: string): Promise<Record<string, unknown>> {
    const response = await fetch(`http://127.0.0.1:${service.port}${path}`);
    return { status: response.status, ...((await response.json()) as Record<string, unknown>) };
  }

  /** Every message id that reached the exchange, in the order the probe queue got them. */
  async function probed(): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const message = await broker.channel.get(probe, { noAck: true });
      if (message === false) return ids;
      ids.push(String(message.properties.messageId));
    }
  }

  beforeAll(async () => {
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'adapter-spool');
    probe = await broker.boundQueue(topology.exchange, ['#'], 'adapter-spool-probe');
    aggregator = await startTestAggregator(services, topology);
    const target = new URL(services.amqpUrl);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5672) });
    await proxy.up();
    spoolDir = await mkdtemp(`${tmpdir()}/tracey-adapter-spool-`);
  });

  afterAll(async () => {
    for (const service of adapters) await service.stop().catch(() => undefined);
    await proxy?.down();
    await aggregator?.stop();
    await broker?.cleanup();
    await driver?.close();
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true });
  });

  it('answers 202 with the ids, keeps them across a restart, and flushes them once each, in order', async () => {
    const first = await startAdapterOn(spoolDir);
    const queued = await post(first, '/jenkins/notification', jenkinsSample('freestyle-queued'));
    expect(queued.status).toBe(200);
    expect(queued.body.events?.map((event) => event.id)).toEqual([buildEventId(FREESTYLE, 'triggered')]);

    await proxy.down();
    // FREESTYLE's COMPLETED twice (the plugin retrying); FINALIZED repeats its finished event too.
    const samples = [
      'freestyle-started',
      'freestyle-completed',
      'freestyle-completed',
      'freestyle-finalized',
      'pipeline-started',
      'pipeline-completed',
    ];
    const spooled: string[] = [];
    for (const sample of samples) {
      const answer = await post(first, '/jenkins/notification', jenkinsSample(sample));
      expect(answer.status, `${sample}: ${JSON.stringify(answer.body)}`).toBe(202);
      const ids = answer.body.events?.map((event) => event.id) ?? [];
      expect(ids.length).toBeGreaterThan(0);
      expect(answer.body.spooled).toBe(ids.length);
      spooled.push(...ids);
    }
    const ready = await getJson(first, '/ready');
    expect(ready).toMatchObject({
      status: 'ready',
      broker: 'unavailable: deliveries are spooled',
      spool: { events: spooled.length },
    });
    const metrics = await (await fetch(`http://127.0.0.1:${first.port}/metrics`)).text();
    expect(metrics).toContain(`tracey_adapter_spool_events ${spooled.length}\n`);
    expect(metrics).toContain(
      `tracey_adapter_events_spooled_total{route="notification"} ${spooled.length}\n`,
    );

    // The adapter restarts during the outage: the spool is on disk, the new process sends it.
    await first.stop();
    const second = await startAdapterOn(spoolDir);
    const finalized = await post(second, '/jenkins/notification', jenkinsSample('pipeline-finalized'));
    expect(finalized.status, JSON.stringify(finalized.body)).toBe(202);
    spooled.push(...(finalized.body.events?.map((event) => event.id) ?? []));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = (await getJson(second, '/ready'))['spool'] as {
      events: number;
      oldestAgeSeconds: number;
    };
    expect(waiting.events).toBe(spooled.length);
    expect(waiting.oldestAgeSeconds).toBeGreaterThanOrEqual(1);

    const duplicatesBefore = await metricValue(aggregator.worker.metrics.duplicates);
    await proxy.up();
    await waitUntil('the spool to be flushed', async () => {
      const spool = (await getJson(second, '/ready'))['spool'] as { events: number };
      return spool.events === 0;
    });
    const expected = [...new Set(spooled)];
    await waitUntil('every spooled event stored', async () => {
      const { records } = await driver.executeQuery(
        'MATCH (e:Event) WHERE e.id IN $ids RETURN count(e) AS n',
        {
          ids: expected,
        },
      );
      return Number(records[0]?.get('n')) === expected.length;
    });
    // In order and once per id: the exchange saw the triggered event, then each spooled id once.
    const seen = await probed();
    expect(seen).toEqual([buildEventId(FREESTYLE, 'triggered'), ...expected]);
    expect((await metricValue(aggregator.worker.metrics.duplicates)) - duplicatesBefore).toBe(0);
    const { records } = await driver.executeQuery(
      'MATCH (e:Event) WHERE e.id IN $ids WITH e.id AS id, count(*) AS n WHERE n > 1 RETURN id',
      { ids: expected },
    );
    expect(records).toEqual([]);
  });

  it('answers 503 ADAPTER_SPOOL_FULL when the spool has no room, and keeps what it took', async () => {
    const dir = await mkdtemp(`${tmpdir()}/tracey-adapter-spool-full-`);
    try {
      const small = await startAdapterOn(dir, { TRACEY_ADAPTER_SPOOL_MAX_BYTES: '1048576' });
      const report = (identity: string) =>
        eiffelEvent('EiffelArtifactCreatedEvent', {
          identity,
          customData: [{ key: 'report', value: 'x'.repeat(600_000) }],
        }).build();
      const kept = report('pkg:generic/spool-full/kept@1');
      const refused = report('pkg:generic/spool-full/refused@1');
      await proxy.down();
      const accepted = await post(small, '/events', JSON.stringify(kept));
      expect(accepted.status).toBe(202);
      expect(accepted.body).toMatchObject({ published: 1, spooled: 1 });
      const full = await post(small, '/events', JSON.stringify(refused));
      expect(full.status).toBe(503);
      expect(full.body.error?.code).toBe('ADAPTER_SPOOL_FULL');
      await proxy.up();
      await waitUntil('the kept event stored', async () => {
        const { records } = await driver.executeQuery('MATCH (e:Event {id: $id}) RETURN count(e) AS n', {
          id: kept.meta.id,
        });
        return Number(records[0]?.get('n')) === 1;
      });
      const { records } = await driver.executeQuery('MATCH (e:Event {id: $id}) RETURN count(e) AS n', {
        id: refused.meta.id,
      });
      expect(Number(records[0]?.get('n'))).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
