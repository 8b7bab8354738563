import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubernetesFixture } from '@tracey/mapping/testing';
import { readyMessages, startIngestRig, waitUntil, type IngestRig } from '@tracey/aggregator/testing';
import { freePort, testServices } from '@tracey/testing';
import { cdeventsConformanceExamples } from '@tracey/schemas/testing';
import {
  buildWebhookAdapter,
  spawnWebhookAdapter,
  type WebhookAdapterProcess,
} from '@tracey/webhook-adapter/testing';

// CloudEvents over HTTP through the built tracey-webhook-adapter, a real RabbitMQ, an aggregator
// worker and Neo4j: every CDEvents conformance example in structured and in binary mode, and a
// Kubernetes rollout mapped to CDServiceDeployed and CDServiceUpgraded.

type Json = Record<string, unknown>;
interface CdEvent extends Json {
  context: Json & { id: string; type: string; source: string; timestamp: string };
}
interface Answer {
  results: { index: number; status: string; id?: string; reason?: string; errors?: unknown[] }[];
  published: number;
  rejected: number;
  ignored: number;
}

const TOKEN = 'webhook-http-test-token';

/** Every conformance example of every release, with ids that start with `prefix`. */
const conformanceEvents = (prefix: string): CdEvent[] =>
  cdeventsConformanceExamples({ id: () => `${prefix}-${randomUUID()}` }).map(({ event }) => event as CdEvent);

const ceAttributes = (event: CdEvent) => ({
  specversion: '1.0',
  id: event.context.id,
  source: event.context.source,
  type: event.context.type,
  time: event.context.timestamp,
});

describe('tracey-webhook-adapter: CloudEvents over HTTP to the graph', () => {
  const services = testServices();
  let rig: IngestRig;
  let adapter: WebhookAdapterProcess;
  let base: string;

  const post = async (headers: Record<string, string>, body: unknown) => {
    const response = await fetch(`${base}/cloudevents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  const storedIds = async (ids: readonly string[]) =>
    (
      await rig.driver.executeQuery(
        'MATCH (e:Event) WHERE e.id IN $ids RETURN e.id AS id',
        { ids },
        { routing: 'READ' },
      )
    ).records.map((record) => record.get('id') as string);

  beforeAll(async () => {
    buildWebhookAdapter();
    rig = await startIngestRig(services, 'webhook-http', { batchMs: 10 });
    const port = await freePort();
    adapter = spawnWebhookAdapter({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: rig.topology.exchange,
      TRACEY_WEBHOOK_TOKEN: TOKEN,
      TRACEY_WEBHOOK_PORT: String(port),
    });
    base = `http://127.0.0.1:${port}`;
    await waitUntil('the webhook adapter to be ready', () =>
      fetch(`${base}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    );
  }, 180_000);

  afterAll(async () => {
    adapter?.child.kill('SIGTERM');
    if (adapter !== undefined) expect(await adapter.exited).toBe(0);
    await rig?.close();
  });

  it('stores every conformance example sent structured and, with other ids, binary', async () => {
    const structured = conformanceEvents('http-str');
    const binary = conformanceEvents('http-bin');
    expect(structured).toHaveLength(129);
    for (const event of structured) {
      const answer = await post(
        { 'content-type': 'application/cloudevents+json' },
        { ...ceAttributes(event), datacontenttype: 'application/json', data: event },
      );
      expect(answer, event.context.type).toMatchObject({ status: 200, body: { published: 1, rejected: 0 } });
      expect(answer.body.results).toEqual([
        { index: 0, status: 'published', id: event.context.id, cloudEventId: event.context.id },
      ]);
    }
    for (const event of binary) {
      const headers = Object.fromEntries(
        Object.entries(ceAttributes(event)).map(([name, value]) => [`ce-${name}`, value]),
      );
      const answer = await post({ 'content-type': 'application/json', ...headers }, event);
      expect(answer, event.context.type).toMatchObject({ status: 200, body: { published: 1, rejected: 0 } });
      expect(answer.body.results[0]?.id).toBe(event.context.id);
    }
    const ids = [...structured, ...binary].map((event) => event.context.id);
    await waitUntil('every event stored', async () => (await storedIds(ids)).length === ids.length);
    expect((await storedIds(ids)).sort()).toEqual([...ids].sort());
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);
  });

  it('turns a Kubernetes rollout (a batch) into CDServiceDeployed and CDServiceUpgraded, ignoring a status update', async () => {
    const answer = await post({ 'content-type': 'application/cloudevents-batch+json' }, [
      kubernetesFixture('deployment-add'),
      kubernetesFixture('deployment-update-status-only'),
    ]);
    expect(answer).toMatchObject({ status: 200, body: { published: 1, rejected: 0, ignored: 1 } });
    expect(answer.body.results[1]).toMatchObject({ index: 1, status: 'ignored' });
    // The image update in binary mode, as a Knative broker delivers it.
    const { data, datacontenttype: _type, ...attributes } = kubernetesFixture('deployment-update-image');
    const headers = Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [`ce-${name}`, String(value)]),
    );
    const upgrade = await post({ 'content-type': 'application/json', ...headers }, data);
    expect(upgrade).toMatchObject({ status: 200, body: { published: 1 } });
    const ids = [answer.body.results[0]?.id, upgrade.body.results[0]?.id].filter(
      (id): id is string => id !== undefined,
    );
    expect(ids).toHaveLength(2);
    await waitUntil('both stored', async () => (await storedIds(ids)).length === 2);
    const { records } = await rig.driver.executeQuery(
      `MATCH (e:Event) WHERE e.id IN $ids
       RETURN e.id AS id, [l IN labels(e) WHERE l <> 'Event'][0] AS label, e.serviceId AS serviceId,
              e.environmentId AS environmentId, e.artifactId AS artifactId ORDER BY e.time`,
      { ids },
      { routing: 'READ' },
    );
    expect(records.map((record) => record.toObject())).toEqual([
      {
        id: ids[0],
        label: 'CDServiceDeployed',
        serviceId: 'checkout',
        environmentId: 'shop-production',
        artifactId:
          'pkg:oci/checkout@sha256%3A3c5a8f0e9b2d4a6c8e1f3b5d7a9c0e2f4b6d8a1c3e5f7b9d0a2c4e6f8b1d3a5c?repository_url=ghcr.io/acme/shop/checkout&tag=1.4.0',
      },
      {
        id: ids[1],
        label: 'CDServiceUpgraded',
        serviceId: 'checkout',
        environmentId: 'shop-production',
        artifactId:
          'pkg:oci/checkout@sha256%3A9e7c5a3b1d0f2e4c6a8b0d2f4e6c8a0b2d4f6e8c0a2b4d6f8e0c2a4b6d8f0e2a?repository_url=ghcr.io/acme/shop/checkout&tag=1.5.0',
      },
    ]);
  });

  it('refuses a mixed batch item by item (207), storing only the valid CDEvent', async () => {
    const [good, bad] = conformanceEvents('http-mixed');
    if (good === undefined || bad === undefined) throw new Error('no conformance examples');
    const answer = await post({ 'content-type': 'application/cloudevents-batch+json' }, [
      { ...ceAttributes(good), data: good },
      { ...ceAttributes(bad), id: 'not-the-cdevent-id', data: bad },
      { specversion: '1.0', id: 'u-1', source: '/elsewhere', type: 'com.example.unknown', data: {} },
    ]);
    expect(answer.status).toBe(207);
    expect(answer.body).toMatchObject({ published: 1, rejected: 2 });
    expect(answer.body.results[1]).toMatchObject({
      index: 1,
      status: 'rejected',
      errors: [{ path: 'data.context.id' }],
    });
    expect(answer.body.results[2]).toMatchObject({
      index: 2,
      status: 'rejected',
      errors: [{ path: 'type' }],
    });
    await waitUntil('the valid one stored', async () => (await storedIds([good.context.id])).length === 1);
    expect(await storedIds([bad.context.id])).toEqual([]);
  });
});
