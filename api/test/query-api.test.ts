import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import type { FastifyInstance } from 'fastify';
import { testServices } from '@tracey/testing';
import type { LeadTime } from '../src/queries/lead-time.js';
import type { TraversalResult } from '../src/queries/traversal.js';
import { loadInputEvents, type InputEvent } from '@tracey/api/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';
import { independentBfs } from './support/independent-bfs.js';
import { comparisonSample } from './support/comparison-sample.js';

const TOKEN = 'test-token-0123456789';

describe('query API on Neo4j with the official flows and the reference data', () => {
  const services = testServices();
  const { raw, events } = loadInputEvents();
  const sample = comparisonSample(events);
  let api: QueryApiHarness;
  let app: FastifyInstance;
  let driver: Driver;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw, apiToken: TOKEN });
    ({ app, driver } = api);
  });

  afterAll(() => api.close());

  async function traversal(id: string, direction: 'upstream' | 'downstream'): Promise<TraversalResult> {
    const response = await app.inject({ method: 'GET', url: `/events/${id}/${direction}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TraversalResult>();
  }

  async function eachInParallel(ids: readonly string[], check: (id: string) => Promise<void>): Promise<void> {
    for (let start = 0; start < ids.length; start += 16) {
      await Promise.all(ids.slice(start, start + 16).map(check));
    }
  }

  for (const direction of ['upstream', 'downstream'] as const) {
    it(`answers ${direction} like a breadth-first search over the input, from a sample of every kind of event`, async () => {
      const mismatches: string[] = [];
      expect(sample.length).toBeGreaterThan(500);
      await eachInParallel(sample, async (id) => {
        const answer = await traversal(id, direction);
        const expected = independentBfs(events, id, direction);
        const depths = new Map(answer.nodes.map((node) => [node.id, node.depth]));
        const edges = new Set(answer.edges.map((e) => `${e.source}|${e.target}|${e.linkType}`));
        const sameNodes =
          depths.size === expected.depths.size &&
          [...expected.depths].every(([node, depth]) => depths.get(node) === depth);
        const sameEdges =
          edges.size === expected.edges.size && [...expected.edges].every((e) => edges.has(e));
        if (!sameNodes || !sameEdges || answer.truncated) mismatches.push(id);
        for (const node of answer.nodes) {
          const input = events.get(node.id) as InputEvent;
          if (node.type !== input.type || node.time !== input.time) mismatches.push(`${id}: ${node.id}`);
        }
      });
      expect(mismatches).toEqual([]);
    }, 600_000);
  }

  it('follows only the asked link types, stops at the asked event types and honours maxDepth and limit', async () => {
    // A start where each check has something to cut: the upstream goes deeper than 2, and within
    // two levels the link-type filter has CAUSE or CONTEXT links to keep and other links to drop.
    const kept = (edge: string) => /\|(CAUSE|CONTEXT)$/.test(edge);
    const start = [...events.keys()].find((id) => {
      const upstream = independentBfs(events, id, 'upstream');
      const near = [...upstream.edges].filter(
        (edge) => (upstream.depths.get(edge.split('|')[0] ?? '') ?? 9) < 2,
      );
      return Math.max(...upstream.depths.values()) > 2 && near.some(kept) && !near.every(kept);
    });
    if (start === undefined) throw new Error('no fixture event has a deep upstream with mixed link types');
    const onlyCause = await app.inject({
      url: `/events/${start}/upstream?linkTypes=CAUSE,CONTEXT&maxDepth=2`,
    });
    expect(onlyCause.statusCode).toBe(200);
    const body = onlyCause.json<TraversalResult>();
    expect(body.edges.length).toBeGreaterThan(0);
    expect(body.edges.every((e) => e.linkType === 'CAUSE' || e.linkType === 'CONTEXT')).toBe(true);
    expect(body.nodes.length).toBeGreaterThan(1);
    expect(Math.max(...body.nodes.map((n) => n.depth))).toBeLessThanOrEqual(2);
    const limited = (await app.inject({ url: `/events/${start}/upstream?limit=2` })).json<TraversalResult>();
    expect(limited.nodes).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    const full = await traversal(start, 'upstream');
    const stopType = full.nodes.find((n) => n.depth === 1)?.type as string;
    const stopped = (
      await app.inject({ url: `/events/${start}/upstream?stopAt=${stopType}` })
    ).json<TraversalResult>();
    const stoppedIds = new Set(
      stopped.nodes.filter((n) => n.type === stopType && n.depth > 0).map((n) => n.id),
    );
    expect(stoppedIds.size).toBeGreaterThan(0);
    expect(stopped.edges.some((e) => stoppedIds.has(e.source))).toBe(false);
  });

  it('returns a stored event as its JSON, and 404 for an unknown id', async () => {
    const [first] = raw as { meta: { id: string } }[];
    const found = await app.inject({ url: `/events/${first?.meta.id}` });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual(first);
    const missing = await app.inject({ url: '/events/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'API_NOT_FOUND' } });
    const upstream = await app.inject({ url: '/events/00000000-0000-4000-8000-000000000000/upstream' });
    expect(upstream.statusCode).toBe(404);
  });

  it('rejects bad traversal parameters with 400, never 5xx', async () => {
    const [id] = events.keys();
    for (const query of [
      'linkTypes=NOPE',
      'maxDepth=0',
      'maxDepth=10000000',
      'maxDepth=deep',
      'limit=abc',
      'stopAt=NotAnEvent',
    ]) {
      const response = await app.inject({ url: `/events/${id}/upstream?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ error: { code: 'API_BAD_REQUEST' } });
    }
  });

  it('answers lead time for connected pairs like the input: time difference and a chain of links', async () => {
    const ids = [...events.keys()];
    const pairs: [string, string, number][] = [];
    for (let index = 0; index < ids.length && pairs.length < 300; index += 7) {
      const to = ids[index] as string;
      const upstream = independentBfs(events, to, 'upstream');
      const reachable = [...upstream.depths].filter(([id]) => id !== to);
      const picked = reachable[(index * 13) % Math.max(1, reachable.length)];
      if (picked !== undefined) pairs.push([picked[0], to, picked[1]]);
    }
    expect(pairs.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    await eachInParallel(
      pairs.map((_, index) => String(index)),
      async (index) => {
        const [from, to, distance] = pairs[Number(index)] as [string, string, number];
        const response = await app.inject({ url: `/lead-time?from=${from}&to=${to}` });
        const body = response.json<LeadTime>();
        const a = events.get(from) as InputEvent;
        const b = events.get(to) as InputEvent;
        // A search shows a shortest chain; the history index may prove a longer one.
        const validPath =
          body.pathLength >= distance &&
          body.path?.length + body.pathElided === body.pathLength + 1 &&
          body.path[0]?.id === from &&
          body.path.at(-1)?.id === to &&
          body.path.every((step, i) => {
            const next = body.path[i + 1];
            return next === undefined || (events.get(next.id)?.links ?? []).some((l) => l.target === step.id);
          });
        if (response.statusCode !== 200 || body.milliseconds !== b.time - a.time || !validPath)
          wrong.push(index);
      },
    );
    expect(wrong).toEqual([]);
  });

  it('answers lead time 404 for an unknown id and 422 with a clear message for unconnected events', async () => {
    const [id] = events.keys();
    const unknown = await app.inject({
      url: `/lead-time?from=${id}&to=00000000-0000-4000-8000-000000000000`,
    });
    expect(unknown.statusCode).toBe(404);
    const [from, to] = [...events.values()].filter((e) => e.links.length > 0).map((e) => e.id);
    const fromEvent = events.get(from as string) as InputEvent;
    const target = fromEvent.links[0]?.target as string;
    // `target` is upstream of `from`, so asking from `from` to `target` is the wrong way round.
    const reversed = await app.inject({ url: `/lead-time?from=${from}&to=${target}` });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json()).toMatchObject({
      error: { code: 'API_NOT_CONNECTED', details: { reverseConnected: true } },
    });
    expect(reversed.json<{ error: { message: string } }>().error.message).toContain('not downstream');
    const unrelated = [...events.keys()].find(
      (other) =>
        !independentBfs(events, other, 'upstream').depths.has(to as string) &&
        !independentBfs(events, to as string, 'upstream').depths.has(other),
    ) as string;
    const apart = await app.inject({ url: `/lead-time?from=${to}&to=${unrelated}` });
    expect(apart.statusCode).toBe(422);
    expect(apart.json()).toMatchObject({
      error: { code: 'API_NOT_CONNECTED', details: { reverseConnected: false } },
    });
  });

  it('runs read-only Cypher with the token; a write is refused by the database with 403', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const read = await app.inject({
      method: 'POST',
      url: '/cypher',
      headers: auth,
      payload: {
        query: 'MATCH (n:Event) WHERE n.type = $type RETURN count(n) AS count',
        params: { type: 'EiffelArtifactCreatedEvent' },
      },
    });
    expect(read.statusCode, read.body).toBe(200);
    const expected = [...events.values()].filter((e) => e.type === 'EiffelArtifactCreatedEvent').length;
    expect(read.json()).toEqual({ columns: ['count'], rows: [{ count: expected }] });
    // The answer's shape as docs/api.md shows it: columns in order, integers as numbers, nodes whole.
    const node = await app.inject({
      method: 'POST',
      url: '/cypher',
      headers: auth,
      payload: {
        query:
          'MATCH (a:EiffelArtifactCreatedEvent) RETURN a.identity AS identity, a.time AS time, a AS node LIMIT 1',
      },
    });
    expect(node.statusCode, node.body).toBe(200);
    const answer = node.json<{ columns: string[]; rows: Record<string, unknown>[] }>();
    expect(answer.columns).toEqual(['identity', 'time', 'node']);
    const [row] = answer.rows;
    expect(row).toMatchObject({
      identity: expect.any(String) as string,
      time: expect.any(Number) as number,
      node: {
        elementId: expect.any(String) as string,
        labels: expect.arrayContaining(['Event', 'EiffelArtifactCreatedEvent']) as string[],
        properties: { identity: row?.['identity'], time: row?.['time'] },
      },
    });
    const write = await app.inject({
      method: 'POST',
      url: '/cypher',
      headers: auth,
      payload: { query: 'CREATE (n:Intruder {name: $name}) RETURN n', params: { name: 'x' } },
    });
    expect(write.statusCode, write.body).toBe(403);
    expect(write.json()).toMatchObject({ error: { code: 'API_WRITE_REFUSED' } });
    const count = await driver.executeQuery('MATCH (n:Intruder) RETURN count(n) AS c');
    expect(count.records[0]?.get('c')).toBe(0);
    const syntax = await app.inject({
      method: 'POST',
      url: '/cypher',
      headers: auth,
      payload: { query: 'MATCH (' },
    });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json()).toMatchObject({ error: { code: 'API_BAD_REQUEST' } });
    const tooMany = await app.inject({
      method: 'POST',
      url: '/cypher',
      headers: auth,
      payload: { query: 'UNWIND range(1, 20000) AS i RETURN i' },
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json()).toMatchObject({ error: { code: 'API_LIMIT_EXCEEDED' } });
    const anonymous = await app.inject({ method: 'POST', url: '/cypher', payload: { query: 'RETURN 1' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is ready while Neo4j answers', async () => {
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });
});
