import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@tracey/api';
import { ingest } from '@tracey/api/testing';
import { EventGraph, type GraphReader } from '@tracey/graph';
import { generatePipelineEvents } from '@tracey/graph/testing';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';

// Issue 23: `neo4j://` routing URLs work wherever `bolt://` does. Against the local single server
// (which answers the routing table with itself, as a cluster's members do), the write path stores
// events through a routing driver and the query API, reading in READ sessions (routed to
// readers in a cluster), answers them.

describe('a neo4j:// routing URL', () => {
  const services = testServices();
  const events = generatePipelineEvents(300);
  let writer: EventGraph;
  let reader: GraphReader;
  let app: FastifyInstance;

  beforeAll(async () => {
    const driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    await driver.close();
    const url = services.neo4jUrl.replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:');
    expect(url).toMatch(/^neo4j(\+s|\+ssc)?:\/\//);
    const connection = { url, user: services.neo4jUser, password: services.neo4jPassword };
    writer = EventGraph.connect(connection);
    await writer.ensureSchema();
    await ingest(writer, events);
    reader = EventGraph.connectReader(connection);
    app = buildApp({
      graph: reader,
      config: { apiToken: undefined, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
      ui: false,
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await reader?.close();
    await writer?.close();
  });

  it('stores through a routing driver and answers reads routed as READ', async () => {
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    for (const event of [events[0], events[150], events[299]]) {
      const response = await app.inject({ method: 'GET', url: `/events/${event?.meta.id ?? ''}` });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<{ meta: { id: string } }>().meta.id).toBe(event?.meta.id);
    }
    // The graph holds every event once, read back over the routing driver.
    const count = await reader.read('count', (tx) => tx.run('MATCH (n:Event) RETURN count(n) AS c'));
    expect(Number(count.records[0]?.get('c'))).toBe(events.length);
  });

  it('reads its own writes: every session of a graph shares the bookmarks of its commits', async () => {
    const before = await writer.bookmarks();
    expect(before.length).toBeGreaterThan(0);
    // The first event again under a new id: a new write, not a duplicate.
    const late = { ...structuredClone(events[0]!), meta: { ...events[0]!.meta, id: randomUUID() } };
    await ingest(writer, [late]);
    const after = await writer.bookmarks();
    // A new commit, a new bookmark: the next session of this graph begins after it.
    expect(after).not.toEqual(before);
    expect(await writer.getEventJson(late.meta.id)).toBeDefined();
  });
});
