import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCdEvent, eiffelEvent } from '@tracey/schemas';
import { testServices } from '@tracey/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

// Issue 18: on a graph holding both protocols, the Event Repository compatible search keeps
// answering Eiffel only (docs/api.md), while events by id, traversals and lead time take either.
describe('the query API on a graph of Eiffel events and CDEvents', () => {
  const services = testServices();
  const artifact = eiffelEvent(
    'EiffelArtifactCreatedEvent',
    { identity: 'pkg:oci/app@1' },
    { time: Date.UTC(2026, 0, 1, 10, 0, 0) },
  ).build();
  const deployed = buildCdEvent({
    type: 'dev.cdevents.service.deployed.0.3.0',
    source: '/test',
    subject: { id: 'app', content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/app@1' } },
    // A CDEvent names an Eiffel event by its id like any other context id.
    links: [{ linkType: 'RELATION', linkKind: 'ARTIFACT', target: { contextId: artifact.meta.id } }],
    time: new Date(Date.UTC(2026, 0, 1, 10, 30, 0)),
  });
  const incident = buildCdEvent({
    type: 'dev.cdevents.incident.detected.0.3.0',
    source: '/test',
    subject: { id: 'INC-1', content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/app@1' } },
    links: [{ linkType: 'RELATION', linkKind: 'TRIGGER', target: { contextId: deployed.context.id } }],
    time: new Date(Date.UTC(2026, 0, 1, 12, 0, 0)),
  });
  let api: QueryApiHarness;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw: [artifact, deployed, incident] });
  });

  afterAll(() => api?.close());

  const get = async (url: string) => {
    const response = await api.app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Record<string, unknown>>();
  };

  it('GET /events (Event Repository) lists the Eiffel events only', async () => {
    const page = await get('/events');
    expect(page['totalNumberItems']).toBe(1);
    expect((page['items'] as { meta: { id: string } }[]).map((event) => event.meta.id)).toEqual([
      artifact.meta.id,
    ]);
  });

  it('GET /events/:id answers a CDEvent as it was received', async () => {
    expect(await get(`/events/${deployed.context.id}`)).toEqual(JSON.parse(JSON.stringify(deployed)));
  });

  it('POST /search/:id lists the CDEvents linked to an Eiffel event among its downstream events', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: `/search/${artifact.meta.id}`,
      payload: { ult: ['ALL'], dlt: ['ALL'] },
    });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json<{ downstreamLinkObjects: { context?: { id: string } }[] }>();
    expect(answer.downstreamLinkObjects.map((event) => event.context?.id)).toEqual([
      deployed.context.id,
      incident.context.id,
    ]);
  });

  it('traverses and times across the protocols', async () => {
    const upstream = await get(`/events/${incident.context.id}/upstream`);
    const ids = JSON.stringify(upstream);
    expect(ids).toContain(deployed.context.id);
    expect(ids).toContain(artifact.meta.id);
    const leadTime = await get(`/lead-time?from=${artifact.meta.id}&to=${incident.context.id}`);
    // The incident names the artifact's purl: a derived ARTIFACT link is the shortest way back.
    expect(leadTime).toMatchObject({ milliseconds: 2 * 3_600_000, pathLength: 1, clockSkew: false });
  });

  it('/lead-time/stats takes CDEvents types as kinds, every version of a type without its version', async () => {
    const toDeployment = await get(
      '/lead-time/stats?from=ArtifactCreated&to=dev.cdevents.service.deployed,environmentId=prod',
    );
    expect(toDeployment).toMatchObject({
      from: { type: 'EiffelArtifactCreatedEvent', filters: [] },
      to: { type: 'dev.cdevents.service.deployed', filters: [{ property: 'environmentId', value: 'prod' }] },
      count: 1,
      unmatched: 0,
      p50: 30 * 60_000,
    });
    expect(toDeployment).not.toHaveProperty('to.types');
    const toIncident = await get(
      '/lead-time/stats?from=dev.cdevents.service.deployed&to=dev.cdevents.incident.detected.0.3.0',
    );
    expect(toIncident).toMatchObject({ count: 1, p50: 90 * 60_000 });
    const elsewhere = await get(
      '/lead-time/stats?from=ArtifactCreated&to=dev.cdevents.service.deployed,environmentId=staging',
    );
    expect(elsewhere).toMatchObject({ count: 0 });
  });
});
