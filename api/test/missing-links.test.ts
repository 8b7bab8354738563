import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testServices } from '@tracey/testing';
import { eiffelGraphVocabulary, toEventRow, type EventGraph } from '@tracey/graph';
import { eiffelEvent, eiffelProtocol, type EiffelEvent } from '@tracey/schemas';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

interface MissingLinks {
  items: { id: string; since: number; ageMs: number; linkedFrom: { source: string; linkType: string }[] }[];
}

function row(event: EiffelEvent) {
  const raw = JSON.parse(JSON.stringify(event)) as unknown;
  const parsed = eiffelProtocol.parse(raw);
  if (!parsed.ok) throw new Error('test event does not parse');
  return toEventRow(eiffelProtocol, eiffelGraphVocabulary, { event: parsed.event, verified: true, raw });
}

describe('GET /missing-links on Neo4j', () => {
  const services = testServices();
  let api: QueryApiHarness;
  let app: FastifyInstance;
  let writer: EventGraph;

  beforeAll(async () => {
    api = await startQueryApi(services, { apiToken: 'token-0123456789' });
    ({ app, writer } = api);
  });

  afterAll(() => api.close());

  const missing = async (query = '') => {
    const response = await app.inject({ method: 'GET', url: `/missing-links${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<MissingLinks>();
  };

  it('lists link targets that have not arrived, with who links to them, until they arrive', async () => {
    const artifact = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/x@1.0.0' }).build();
    const published = eiffelEvent('EiffelArtifactPublishedEvent', {
      locations: [{ type: 'OTHER', uri: 'https://x' }],
    })
      .link('ARTIFACT', artifact)
      .build();
    const before = Date.now();
    await writer.writeEvents([row(published)]);

    const { items } = await missing();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: artifact.meta.id,
      linkedFrom: [{ source: published.meta.id, linkType: 'ARTIFACT' }],
    });
    expect(items[0]?.since).toBeGreaterThanOrEqual(before);
    expect(items[0]?.ageMs).toBeGreaterThanOrEqual(0);

    await writer.writeEvents([row(artifact)]);
    expect((await missing()).items).toEqual([]);
  });

  it('refuses a bad limit with 400 naming the parameter', async () => {
    const response = await app.inject({ method: 'GET', url: '/missing-links?limit=0' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('limit');
  });
});
