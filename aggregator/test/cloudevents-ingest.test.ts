import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS } from '@tracey/amqp';
import { kubernetesFixture } from '@tracey/mapping/testing';
import {
  drain,
  readyMessages,
  startIngestRig,
  storedEventCount,
  waitUntil,
  type IngestRig,
} from '@tracey/aggregator/testing';
import { testServices } from '@tracey/testing';
import { cdeventsConformanceExamples } from '@tracey/schemas/testing';

// Issue 18: CloudEvents over AMQP (the CloudEvents AMQP protocol binding, binary and structured
// mode) reach the graph: CDEvents pass through, Kubernetes ApiServerSource events and YAML-declared
// ones are mapped; what cannot be taken lands in the dead-letter queue naming the field.

type Json = Record<string, unknown>;
interface CdEvent extends Json {
  context: Json & { id: string; type: string; source: string; timestamp: string };
}

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

describe('CloudEvents through the aggregator (AMQP binding)', () => {
  const services = testServices();
  let rig: IngestRig;

  /** Binary mode: attributes as `cloudEvents_` application properties, the data as the body. */
  function publishBinary(
    attributes: Json,
    data: unknown,
    contentType = 'application/json',
    prefix = 'cloudEvents_',
  ) {
    const headers = Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [`${prefix}${name}`, value]),
    );
    rig.publisher.publish(rig.topology.exchange, 'cloudevents', Buffer.from(JSON.stringify(data)), {
      contentType,
      headers,
      persistent: true,
    });
  }

  /** Structured mode: the whole CloudEvent as JSON. */
  function publishStructured(event: Json) {
    rig.publisher.publish(rig.topology.exchange, 'cloudevents', Buffer.from(JSON.stringify(event)), {
      contentType: 'application/cloudevents+json; charset=utf-8',
      persistent: true,
    });
  }

  const storedIds = async (ids: readonly string[]) =>
    (
      await rig.driver.executeQuery(
        'MATCH (e:Event) WHERE e.id IN $ids RETURN e.id AS id',
        { ids },
        { routing: 'READ' },
      )
    ).records.map((record) => record.get('id') as string);

  beforeAll(async () => {
    // A YAML mappers file beside the built-in ones, as TRACEY_MAPPERS_FILE names it.
    const mappersFile = join(mkdtempSync(join(tmpdir(), 'tracey-mappers-')), 'mappers.yaml');
    writeFileSync(
      mappersFile,
      `mappers:
  - name: argo-sync-succeeded
    match: { type: io.argoproj.sync.succeeded, data: { app.status: Healthy } }
    emit:
      type: dev.cdevents.service.deployed.0.3.0
      subject:
        id: '{{ data.app.name }}'
        content:
          environment: { id: '{{ data.app.namespace }}' }
          artifactId: 'pkg:oci/{{ data.app.image }}'
`,
    );
    rig = await startIngestRig(services, 'agg-cloudevents', { batchMs: 10, mappersFile });
  });

  afterAll(() => rig.close());

  it('stores every conformance example sent in binary mode and, with other ids, in structured mode', async () => {
    const binary = conformanceEvents('bin');
    const structured = conformanceEvents('str');
    expect(binary).toHaveLength(129);
    for (const event of binary) publishBinary(ceAttributes(event), event);
    for (const event of structured)
      publishStructured({ ...ceAttributes(event), datacontenttype: 'application/json', data: event });
    await rig.publisher.waitForConfirms();
    const ids = [...binary, ...structured].map((event) => event.context.id);
    await waitUntil('every event stored', async () => (await storedIds(ids)).length === ids.length);
    expect((await storedIds(ids)).sort()).toEqual([...ids].sort());
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);
  });

  it('turns a Kubernetes rollout into CDServiceDeployed then CDServiceUpgraded, and ignores status updates', async () => {
    const before = await storedEventCount(rig.driver);
    const add = kubernetesFixture('deployment-add');
    // As a Knative broker forwards them: structured, and binary with the old `cloudEvents:` prefix.
    publishStructured(add);
    publishStructured(add); // redelivered: the same CDEvent, a duplicate
    const { data, datacontenttype: _type, ...attributes } = kubernetesFixture('deployment-update-image');
    publishBinary(attributes, data, 'application/json', 'cloudEvents:');
    publishStructured(kubernetesFixture('deployment-update-status-only'));
    await rig.publisher.waitForConfirms();
    await waitUntil('the queue worked off', async () => {
      const [ready, stored] = await Promise.all([
        readyMessages(rig.broker.channel, rig.topology.queue),
        storedEventCount(rig.driver),
      ]);
      return ready === 0 && stored === before + 2;
    });
    const { records } = await rig.driver.executeQuery(
      `MATCH (e:Event) WHERE e.serviceId = 'checkout' AND e.contextSource = 'https://10.96.0.1:443'
       RETURN [l IN labels(e) WHERE l <> 'Event'][0] AS label, e.serviceId AS serviceId,
              e.environmentId AS environmentId, e.artifactId AS artifactId ORDER BY e.time`,
      {},
      { routing: 'READ' },
    );
    expect(records.map((record) => record.toObject())).toEqual([
      {
        label: 'CDServiceDeployed',
        serviceId: 'checkout',
        environmentId: 'shop-production',
        artifactId:
          'pkg:oci/checkout@sha256%3A3c5a8f0e9b2d4a6c8e1f3b5d7a9c0e2f4b6d8a1c3e5f7b9d0a2c4e6f8b1d3a5c?repository_url=ghcr.io/acme/shop/checkout&tag=1.4.0',
      },
      {
        label: 'CDServiceUpgraded',
        serviceId: 'checkout',
        environmentId: 'shop-production',
        artifactId:
          'pkg:oci/checkout@sha256%3A9e7c5a3b1d0f2e4c6a8b0d2f4e6c8a0b2d4f6e8c0a2b4d6f8e0c2a4b6d8f0e2a?repository_url=ghcr.io/acme/shop/checkout&tag=1.5.0',
      },
    ]);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);
  });

  it('maps with the mappers of TRACEY_MAPPERS_FILE', async () => {
    const id = `argo-${randomUUID()}`;
    publishStructured({
      specversion: '1.0',
      id,
      source: 'https://argo.example/applications/checkout',
      type: 'io.argoproj.sync.succeeded',
      time: '2026-12-02T08:00:00Z',
      data: {
        app: {
          name: 'checkout',
          namespace: 'shop-staging',
          image: 'checkout@sha256%3Aabc',
          status: 'Healthy',
        },
      },
    });
    await rig.publisher.waitForConfirms();
    await waitUntil('the mapped event stored', async () => {
      const { records } = await rig.driver.executeQuery(
        `MATCH (e:CDServiceDeployed {environmentId: 'shop-staging'}) RETURN e.serviceId AS serviceId`,
        {},
        { routing: 'READ' },
      );
      return records.length === 1 && records[0]?.get('serviceId') === 'checkout';
    });
  });

  it('dead-letters an unmappable CloudEvent and one with a bad attribute, naming the field', async () => {
    publishStructured({
      specversion: '1.0',
      id: 'u-1',
      source: '/elsewhere',
      type: 'com.example.unknown',
      data: {},
    });
    publishBinary({ specversion: '1.0', id: 'b-1', source: '', type: 'com.example.unknown' }, {});
    const example = conformanceEvents('mismatch')[0] as CdEvent;
    publishStructured({ ...ceAttributes(example), id: 'other-id', data: example });
    await rig.publisher.waitForConfirms();
    await waitUntil(
      'three dead letters',
      async () => (await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)) === 3,
    );
    const letters = (await drain(rig.broker.channel, rig.topology.deadLetterQueue)).map((letter) => {
      const headers = letter.properties.headers as Json;
      return {
        reason: headers[DEAD_LETTER_HEADERS.reason],
        details: JSON.parse(String(headers[DEAD_LETTER_HEADERS.details])) as Json,
      };
    });
    expect(letters).toEqual(
      expect.arrayContaining([
        {
          reason: 'unmapped-cloudevent',
          details: expect.objectContaining({
            field: 'type',
            cloudEventId: 'u-1',
            reason: expect.stringContaining(
              'no mapper takes CloudEvents of type "com.example.unknown"',
            ) as string,
          }) as Json,
        },
        {
          reason: 'invalid-cloudevent',
          details: expect.objectContaining({ field: 'source' }) as Json,
        },
        {
          reason: 'unmapped-cloudevent',
          details: expect.objectContaining({ field: 'data.context.id', cloudEventId: 'other-id' }) as Json,
        },
      ]),
    );
    expect(await storedIds(['u-1', 'b-1', 'other-id', example.context.id])).toEqual([]);
  });
});
