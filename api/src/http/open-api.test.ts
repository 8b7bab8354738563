import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { pino } from 'pino';
import { z } from 'zod';
import { buildApp } from '../build-app.js';
import type { QueryGraph } from '../graph/query-graph.js';

// The document and the UI need no database; a read reaching this graph is a bug in the test.
const noGraph: QueryGraph = {
  ping: () => Promise.resolve(),
  read: () => Promise.reject(new Error('no graph in this test')),
  missingLinkTargets: () => Promise.reject(new Error('no graph in this test')),
  close: () => Promise.resolve(),
};

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; required?: boolean }[];
        requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
        tags?: string[];
      }
    >
  >;
}

describe('OpenAPI document and Swagger UI', () => {
  let app: FastifyInstance;
  const routes: RouteOptions[] = [];

  beforeAll(async () => {
    app = buildApp({
      graph: noGraph,
      config: { apiToken: 't', readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
    });
    // Routes are declared when the app loads its plugins, so this hook sees every one of them.
    app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    // A route a later plugin adds with a zod schema: documented without any registration step.
    app.register((instance, _options, done) => {
      instance.get(
        '/later/:name',
        {
          schema: {
            params: z.object({ name: z.string().min(2) }),
            querystring: z.object({ n: z.coerce.number() }),
          },
        },
        () => ({ ok: true }),
      );
      done();
    });
    await app.ready();
  });

  afterAll(() => app.close());

  async function document(): Promise<OpenApiDocument> {
    const response = await app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    return response.json<OpenApiDocument>();
  }

  it('documents every route the app has, except its own pages', async () => {
    const doc = await document();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const expected = routes
      .filter((route) => route.method !== 'HEAD' && route.schema?.hide !== true)
      .filter((route) => !route.url.startsWith('/docs'))
      .flatMap((route) =>
        (Array.isArray(route.method) ? route.method : [route.method]).map(
          (method: string) => `${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`,
        ),
      );
    expect(expected).toEqual(
      expect.arrayContaining(['GET /events', 'POST /search/{id}', 'GET /later/{name}']),
    );
    expect(expected.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('turns zod schemas into parameters and request bodies', async () => {
    const doc = await document();
    const upstream = doc.paths['/events/{id}/upstream']?.['get'];
    expect(upstream?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      'path:id',
      'query:limit',
      'query:linkTypes',
      'query:maxDepth',
      'query:stopAt',
    ]);
    const search = doc.paths['/search/{id}']?.['post'];
    expect(Object.keys(search?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual([
      'ult',
      'dlt',
    ]);
    expect(doc.paths['/later/{name}']?.['get']?.parameters?.map((p) => p.name).sort()).toEqual(['n', 'name']);
  });

  it('validates requests with the zod schema, answering 400 with the API error body', async () => {
    const response = await app.inject({ url: '/later/x?n=abc' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'API_BAD_REQUEST' } });
    expect(response.json<{ error: { message: string } }>().error.message).toContain('name');
  });

  it('serves Swagger UI and its assets from the package', async () => {
    const page = await app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const bundle = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });
});
