import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { pipelineProtocol } from '@tracey/schemas';
import { kubernetesFixture as fixture } from '../testing/kubernetes-fixtures.js';
import type { CloudEventInput, MappingResult } from '../cloud-event-mapper.js';
import { toPipelineEvents } from '../to-pipeline-events.js';
import { kubernetesApiServerMapper } from './kubernetes-api-server-mapper.js';

type Json = Record<string, unknown>;
const cloudEvent = (attributes: Json) => new CloudEvent(attributes);
/** A copy without `time` (the SDK fills a missing one in; one read off the wire may have none). */
function withoutTime(event: CloudEventInput): CloudEventInput {
  const { time: _time, ...rest } = event;
  return rest;
}
const add = fixture('deployment-add');
const updateImage = fixture('deployment-update-image');
const statusOnly = fixture('deployment-update-status-only');
const mappers = [kubernetesApiServerMapper];

/** The one event of a result, checked to be a valid CDEvent by the pipeline protocol. */
function onlyEvent(result: MappingResult): Json {
  expect(result).toMatchObject({ ok: true, mapper: 'kubernetes-apiserver' });
  const events = result.ok ? result.events : [];
  expect(events).toHaveLength(1);
  const parsed = pipelineProtocol.parse(events[0]);
  expect(parsed.ok && parsed.verified, JSON.stringify(parsed)).toBe(true);
  return events[0] as Json;
}

const API_SERVER = 'https://10.96.0.1:443';
const IMAGE_A =
  'pkg:oci/checkout@sha256%3A3c5a8f0e9b2d4a6c8e1f3b5d7a9c0e2f4b6d8a1c3e5f7b9d0a2c4e6f8b1d3a5c?repository_url=ghcr.io/acme/shop/checkout&tag=1.4.0';
const IMAGE_B =
  'pkg:oci/checkout@sha256%3A9e7c5a3b1d0f2e4c6a8b0d2f4e6c8a0b2d4f6e8c0a2b4d6f8e0c2a4b6d8f0e2a?repository_url=ghcr.io/acme/shop/checkout&tag=1.5.0';

describe('kubernetesApiServerMapper', () => {
  it('maps the creation of a Deployment to service.deployed of its first image', () => {
    const event = onlyEvent(toPipelineEvents(cloudEvent(add), mappers));
    expect(event).toMatchObject({
      context: {
        specversion: '0.5.1',
        type: 'dev.cdevents.service.deployed.0.3.0',
        source: API_SERVER,
        timestamp: '2026-11-30T09:12:03.418220731Z',
      },
      subject: {
        id: 'checkout',
        source: API_SERVER,
        content: { environment: { id: 'shop-production', source: API_SERVER }, artifactId: IMAGE_A },
      },
    });
  });

  it('maps a changed image to service.upgraded of the new image', () => {
    const event = onlyEvent(toPipelineEvents(cloudEvent(updateImage), mappers));
    expect(event).toMatchObject({
      context: { type: 'dev.cdevents.service.upgraded.0.3.0', timestamp: '2026-12-01T14:03:27.902114556Z' },
      subject: { id: 'checkout', content: { environment: { id: 'shop-production' }, artifactId: IMAGE_B } },
    });
  });

  it('maps a status-only update to no event, saying why', () => {
    const result = toPipelineEvents(cloudEvent(statusOnly), mappers);
    expect(result).toEqual({
      ok: true,
      mapper: 'kubernetes-apiserver',
      events: [],
      note: expect.stringContaining('status-only update') as string,
    });
  });

  it('maps an add of an older generation (a re-list after the source restarts) to no event', () => {
    const relisted = { ...statusOnly, type: 'dev.knative.apiserver.resource.add' };
    expect(toPipelineEvents(cloudEvent(relisted), mappers)).toMatchObject({
      ok: true,
      events: [],
      note: expect.stringContaining('lists an existing Deployment again') as string,
    });
  });

  it('gives a redelivered CloudEvent the same CDEvent id, another CloudEvent another', () => {
    const first = onlyEvent(toPipelineEvents(cloudEvent(add), mappers));
    const again = onlyEvent(toPipelineEvents(cloudEvent(add), mappers));
    const other = onlyEvent(toPipelineEvents(cloudEvent({ ...add, id: 'another' }), mappers));
    const idOf = (event: Json) => (event['context'] as Json)['id'];
    expect(idOf(first)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idOf(again)).toBe(idOf(first));
    expect(idOf(other)).not.toBe(idOf(first));
  });

  it('does not match deletions, other kinds or other CloudEvents', () => {
    const pod = { ...(add['data'] as Json), apiVersion: 'v1', kind: 'Pod' };
    for (const attributes of [
      { ...add, type: 'dev.knative.apiserver.resource.delete' },
      { ...add, data: pod },
      { ...add, type: 'dev.knative.apiserver.ref.add' },
      { ...add, data: undefined },
    ]) {
      expect(kubernetesApiServerMapper.matches(cloudEvent(attributes))).toBe(false);
    }
    expect(toPipelineEvents(cloudEvent({ ...add, data: pod }), mappers)).toMatchObject({
      ok: false,
      field: 'type',
    });
  });

  const data = add['data'] as { metadata: Json; spec: { template: { spec: Json } } };
  const withData = (change: (copy: typeof data) => void) => {
    const copy = structuredClone(data);
    change(copy);
    return cloudEvent({ ...add, data: copy });
  };

  it.each([
    // The SDK fills in a missing time with now; a CloudEvent read off the wire without one comes as is.
    ['time', withoutTime(cloudEvent(add)), 'has no time'],
    ['data.metadata.namespace', withData((copy) => delete copy.metadata['namespace']), 'no namespace'],
    ['data.metadata.name', withData((copy) => (copy.metadata['name'] = '')), 'no name'],
    [
      'data.spec.template.spec.containers',
      withData((copy) => (copy.spec.template.spec['containers'] = [])),
      'names no container',
    ],
    [
      'data.spec.template.spec.containers[0].image',
      withData((copy) => (copy.spec.template.spec['containers'] = [{ name: 'app' }])),
      'names no image',
    ],
    [
      'data.spec.template.spec.containers[0].image',
      withData((copy) => (copy.spec.template.spec['containers'] = [{ name: 'app', image: 'Not An/Image' }])),
      'invalid repository name part',
    ],
  ])('refuses a Deployment event naming %s', (field, event, reason) => {
    const result = toPipelineEvents(event, mappers);
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});
