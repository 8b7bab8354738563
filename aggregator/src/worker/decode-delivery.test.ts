import { describe, expect, it } from 'vitest';
import { pipelineGraphVocabulary } from '@tracey/graph';
import { BUILT_IN_MAPPERS, yamlMappers } from '@tracey/mapping';
import { kubernetesFixture as kubernetes } from '@tracey/mapping/testing';
import { pipelineProtocol } from '@tracey/schemas';
import { decodeDelivery } from './decode-delivery.js';

const cdevent = {
  context: {
    specversion: '0.5.1',
    id: 'deploy-1',
    source: '/ci/run/7',
    type: 'dev.cdevents.service.deployed.0.3.0',
    timestamp: '2026-12-02T10:00:00Z',
  },
  subject: {
    id: 'checkout',
    content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/checkout@sha256%3Aabc' },
  },
};
// A mapper whose CDEvent lacks what service.deployed requires: the protocol must refuse it.
const careless = yamlMappers(`
mappers:
  - name: careless
    match: { type: com.example.deployed }
    emit:
      type: dev.cdevents.service.deployed.0.3.0
      subject: { id: '{{ data.name }}', content: { environment: { id: prod } } }
`);
const decoder = {
  protocol: pipelineProtocol,
  vocabulary: pipelineGraphVocabulary,
  mappers: [...BUILT_IN_MAPPERS, ...careless],
};
const structured = (event: unknown) =>
  decodeDelivery(decoder, {
    content: Buffer.from(JSON.stringify(event)),
    contentType: 'application/cloudevents+json',
  });

describe('decodeDelivery', () => {
  it('decodes a plain CDEvent as before', () => {
    const result = decodeDelivery(decoder, {
      content: Buffer.from(JSON.stringify(cdevent)),
      contentType: 'application/json',
      headers: { timestamp_in_ms: 1 },
    });
    expect(result).toMatchObject({
      ok: true,
      rows: [{ id: 'deploy-1', label: 'CDServiceDeployed' }],
      notes: [],
    });
  });

  it('takes a CDEvent in binary mode', () => {
    const { id, source, type } = cdevent.context;
    const headers = {
      cloudEvents_specversion: '1.0',
      cloudEvents_id: id,
      cloudEvents_source: source,
      cloudEvents_type: type,
    };
    const result = decodeDelivery(decoder, {
      content: Buffer.from(JSON.stringify(cdevent)),
      contentType: 'application/json',
      headers,
    });
    expect(result).toMatchObject({ ok: true, rows: [{ id: 'deploy-1' }] });
  });

  it('maps a Kubernetes Deployment, and a status-only update to no row with a note', () => {
    expect(structured(kubernetes('deployment-add'))).toMatchObject({
      ok: true,
      rows: [{ label: 'CDServiceDeployed', type: 'dev.cdevents.service.deployed.0.3.0' }],
    });
    expect(structured(kubernetes('deployment-update-status-only'))).toMatchObject({
      ok: true,
      rows: [],
      notes: [expect.stringContaining('kubernetes-apiserver: a status-only update') as string],
    });
  });

  it('gives one row per event of a batch', () => {
    const events = [1, 2].map((n) => {
      const id = `deploy-${n}`;
      const { source, type } = cdevent.context;
      return {
        specversion: '1.0',
        id,
        source,
        type,
        data: { ...cdevent, context: { ...cdevent.context, id } },
      };
    });
    const result = decodeDelivery(decoder, {
      content: Buffer.from(JSON.stringify(events)),
      contentType: 'application/cloudevents-batch+json',
    });
    expect(result.ok && result.rows.map((row) => row.id)).toEqual(['deploy-1', 'deploy-2']);
  });

  it('dead-letters an invalid CloudEvent, one no mapper takes, and one that maps to an invalid event', () => {
    expect(
      structured({ specversion: '1.0', id: 'x', source: '', type: 'com.example.deployed' }),
    ).toMatchObject({
      ok: false,
      disposition: { reason: 'invalid-cloudevent', details: { field: 'source' } },
    });
    expect(
      structured({ specversion: '1.0', id: 'x', source: '/s', type: 'com.example.other', data: {} }),
    ).toMatchObject({
      ok: false,
      eventId: 'x',
      disposition: {
        reason: 'unmapped-cloudevent',
        details: {
          field: 'type',
          cloudEventId: 'x',
          reason: expect.stringContaining('no mapper takes') as string,
        },
      },
    });
    const result = structured({
      specversion: '1.0',
      id: 'x',
      source: '/s',
      type: 'com.example.deployed',
      time: '2026-12-02T10:00:00Z',
      data: { name: 'checkout' },
    });
    expect(result).toMatchObject({
      ok: false,
      disposition: {
        reason: 'invalid-event',
        details: { cloudEventId: 'x', mapper: 'careless', issues: [{ path: 'subject.content.artifactId' }] },
      },
    });
  });
});
