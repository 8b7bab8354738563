import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './build-app.js';
import type { QueryGraph } from './graph/query-graph.js';

// Every answer here comes before the database: a read reaching this graph is a bug.
const noGraph: QueryGraph = {
  ping: () => Promise.resolve(),
  read: () => Promise.reject(new Error('no graph in this test')),
  missingLinkTargets: () => Promise.reject(new Error('no graph in this test')),
  close: () => Promise.resolve(),
};

describe('buildApp error answers found by the fault suite', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = buildApp({
      graph: noGraph,
      config: { apiToken: 't', readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
    });
    await app.ready();
  });

  afterAll(() => app.close());

  it('answers URLs the router refuses in the JSON error shape, one code per status', async () => {
    for (const [url, status, code] of [
      ['/events/%zz', 400, 'API_BAD_REQUEST'],
      ['/events/%E0%A4%A/upstream', 400, 'API_BAD_REQUEST'],
      [`/events/${'a'.repeat(2_000)}`, 414, 'API_URI_TOO_LONG'],
    ] as const) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(status);
      expect(response.json(), url).toEqual({
        error: { code, message: expect.any(String) as string, details: {} },
      });
    }
  });

  it('answers GET / without a token with the index of its URLs, each of them answering', async () => {
    const response = await app.inject('/');
    expect(response.statusCode).toBe(200);
    const index = response.json<{ service: string; links: Record<string, string>; routes: string[] }>();
    expect(index.service).toBe('tracey-api');
    expect(index.links).toEqual({
      docs: '/docs',
      openapi: '/openapi.json',
      health: '/health',
      ready: '/ready',
      metrics: '/metrics',
      ui: '/ui/',
    });
    expect(index.routes).toEqual(
      expect.arrayContaining([
        'GET /openapi.json',
        'GET /events/:id',
        'GET /events',
        'POST /search/:id',
        'GET /trace/:id/contents',
        'GET /lead-time',
        'POST /cypher',
      ]),
    );
    // The Swagger UI's assets and HEAD twins are not for people to call.
    expect(
      index.routes.filter(
        (route) => route.includes('/docs/') || route.includes('/ui/') || route.startsWith('HEAD'),
      ),
    ).toEqual([]);
    for (const link of Object.values(index.links)) {
      const answer = await app.inject(link);
      // `/ready` asks the graph, which this app has none of.
      expect([200, 302, 503], link).toContain(answer.statusCode);
    }
  });

  it('refuses every body that is not JSON with 415, text/plain too, and one over 1 MiB with 413', async () => {
    const post = (type: string, payload: string) =>
      app.inject({
        method: 'POST',
        url: '/cypher',
        headers: { authorization: 'Bearer t', 'content-type': type },
        payload,
      });
    for (const [type, payload] of [
      ['text/plain', '{"query":"RETURN 1"}'],
      ['application/xml', '<query>RETURN 1</query>'],
      ['application/x-www-form-urlencoded', 'query=RETURN+1'],
    ] as const) {
      const response = await post(type, payload);
      expect(response.statusCode, type).toBe(415);
      expect(response.json(), type).toMatchObject({ error: { code: 'API_UNSUPPORTED_MEDIA_TYPE' } });
    }
    const large = await post('application/json', `{"query":"RETURN 1","pad":"${'x'.repeat(1_100_000)}"}`);
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ error: { code: 'API_PAYLOAD_TOO_LARGE' } });
  });

  it('refuses an empty list of link types or stop types instead of building a statement from it', async () => {
    for (const query of ['linkTypes=', 'linkTypes=%20', 'linkTypes=,,,', 'stopAt=']) {
      const response = await app.inject({ method: 'GET', url: `/events/x/upstream?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message, query).toMatch(/at least one/);
    }
  });

  it('refuses Cypher parameters nested deeper than the driver can pack', async () => {
    const depth = 20_000;
    const response = await app.inject({
      method: 'POST',
      url: '/cypher',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      payload: `{"query":"RETURN $a","params":{"a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(
      /params: nests .* deeper than 100/,
    );
  });
});
