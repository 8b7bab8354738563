import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { EventGraph, type GraphReader } from '@tracey/graph';
import { generatePipelineEvents } from '@tracey/graph/testing';
import { buildApp } from '@tracey/api';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { ingest } from '@tracey/api/testing';
import { reportFigures } from './support/fault-report.js';
import { faultSeed, seededRandom } from './support/seeded-random.js';
import { fuzzValues, type FuzzValue } from './support/fuzz-values.js';

const TOKEN = 'faults-token-0123456789';
const SEED = faultSeed();
const RANDOM_VALUES = 40;

interface Answer {
  readonly status: number;
  readonly body: string;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
}

interface OpenApi {
  readonly paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
}

describe('query API fuzzed with malformed parameters', () => {
  const services = testServices();
  const events = generatePipelineEvents(500);
  let driver: Driver;
  let writer: EventGraph;
  let graph: GraphReader;
  let app: FastifyInstance;
  let port: number;

  function send(
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: {
            authorization: `Bearer ${TOKEN}`,
            ...(body === undefined ? {} : { 'content-type': contentType }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Why an answer breaks the contract: a 5xx, or an error that is not `{error: {code, message, details}}`. */
  function fault(answer: Answer): string | undefined {
    if (answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
    if (answer.status < 400) return undefined;
    try {
      const { error } = JSON.parse(answer.body) as {
        error?: { code?: unknown; message?: unknown; details?: unknown };
      };
      if (
        typeof error?.code === 'string' &&
        typeof error.message === 'string' &&
        typeof error.details === 'object' &&
        error.details !== null
      ) {
        return undefined;
      }
    } catch {
      // not JSON: reported below
    }
    return `status ${answer.status} without the JSON error shape: ${answer.body.slice(0, 200)}`;
  }

  beforeAll(async () => {
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
    writer = EventGraph.connect(connection);
    await ingest(writer, JSON.parse(JSON.stringify(events)) as unknown[]);
    graph = EventGraph.connectReader(connection);
    app = buildApp({
      graph,
      config: { apiToken: TOKEN, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    port = address.port;
  });

  afterAll(async () => {
    await app.close();
    await graph.close();
    await writer.close();
    await driver.close();
  });

  it('answers every hostile query and path parameter of every route without a 5xx, errors as JSON', async () => {
    const started = Date.now();
    const spec = JSON.parse((await send('GET', '/openapi.json')).body) as OpenApi;
    const values = fuzzValues(seededRandom(SEED), RANDOM_VALUES);
    const knownId = events[events.length - 1]?.meta.id ?? '';
    const statuses: Record<number, number> = {};
    const faults: string[] = [];
    let requests = 0;
    let parameters = 0;
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        path,
        method: method.toUpperCase(),
        operation,
      })),
    );
    expect(routes.length).toBeGreaterThan(5);

    const urlFor = (path: string, params: readonly Parameter[], chosen: ReadonlyMap<string, string>) => {
      // Path parameters not fuzzed get an id that exists, so the query behind them runs.
      let url = path.replace(/\{([^}]+)\}/g, (_, name: string) => chosen.get(name) ?? knownId);
      const query = params
        .filter((param) => param.in === 'query' && chosen.has(param.name))
        .map((param) => `${encodeURIComponent(param.name)}=${chosen.get(param.name) ?? ''}`);
      if (query.length > 0) url += `?${query.join('&')}`;
      return url;
    };
    const check = async (method: string, url: string, what: string) => {
      // A body for the routes that take one, so the parameters are what is wrong.
      const answer = await send(method, url, method === 'POST' ? '{"query":"RETURN 1"}' : undefined);
      requests++;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const problem = fault(answer);
      if (problem !== undefined) faults.push(`${method} ${url.slice(0, 200)} (${what}): ${problem}`);
    };

    for (const { path, method, operation } of routes) {
      const params = (operation.parameters ?? []).filter(
        (param) => param.in === 'path' || param.in === 'query',
      );
      for (const param of params) {
        parameters++;
        for (const value of values) {
          await check(
            method,
            urlFor(path, params, new Map([[param.name, value.raw]])),
            `${param.name}=${value.label}`,
          );
        }
        // The same parameter twice.
        await check(method, urlFor(path, params, new Map([[param.name, `1&${param.name}=2`]])), 'repeated');
      }
      // Every parameter hostile at once.
      const random = seededRandom(SEED + path.length);
      for (let round = 0; round < 10 && params.length > 1; round++) {
        const chosen = new Map(
          params.map((param) => [
            param.name,
            (values[Math.floor(random() * values.length)] as FuzzValue).raw,
          ]),
        );
        await check(method, urlFor(path, params, chosen), 'all parameters');
      }
    }
    // The graph is untouched by any of it.
    const count = await driver.executeQuery('MATCH (n:Event) RETURN count(n) AS c');
    expect(count.records[0]?.get('c')).toBe(events.length);
    expect(faults.slice(0, 20)).toEqual([]);
    reportFigures('api-fuzz', {
      seed: SEED,
      routes: routes.length,
      parameters,
      values: values.length,
      requests,
      statuses,
      ms: Date.now() - started,
    });
  });

  it('answers hostile bodies of every route that takes one without a 5xx, errors as JSON', async () => {
    const started = Date.now();
    const spec = JSON.parse((await send('GET', '/openapi.json')).body) as OpenApi;
    const knownId = events[events.length - 1]?.meta.id ?? '';
    const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    // Bodies as text, so broken JSON and nesting JSON.stringify cannot make get through.
    const bodies: [string, string, string?][] = [
      ['empty', ''],
      ['not JSON', 'not json'],
      ['truncated', '{"query":"RETURN 1"'],
      ['array', '[]'],
      ['null', 'null'],
      ['string', '"RETURN 1"'],
      ['number', '1e309'],
      ['__proto__', '{"__proto__":{"admin":true},"query":"RETURN 1"}'],
      ['constructor', '{"constructor":{"prototype":{"admin":true}},"query":"RETURN 1"}'],
      ['deep arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['deep params', `{"query":"RETURN $a","params":{"a":${deep(20_000)}}}`],
      ['over the body limit', `{"query":"RETURN 1","pad":"${'x'.repeat(1_100_000)}"}`],
      ['text/plain', '{"query":"RETURN 1"}', 'text/plain'],
      ['xml', '<query>RETURN 1</query>', 'application/xml'],
      ['form', 'query=RETURN+1', 'application/x-www-form-urlencoded'],
    ];
    const hostileJson: unknown[] = [
      null,
      -1,
      1.5,
      true,
      [],
      {},
      'x'.repeat(200_000),
      ['RETURN 1'],
      { $ne: null },
    ];
    const statements = [
      'MATCH (n) DETACH DELETE n',
      'CREATE (n:Admin) RETURN n',
      "CALL db.createLabel('Admin')",
      'MATCH (n:Event) SET n:Admin RETURN count(n)',
      "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
      'UNWIND range(1, 100000000) AS x RETURN x',
      'CALL dbms.listConfig() YIELD name RETURN name',
      "CALL dbms.security.createUser('x', 'y', false)",
      'CALL apoc.periodic.iterate("MATCH (n) RETURN n", "DELETE n", {})',
      'RETURN 1; MATCH (n) DETACH DELETE n',
      'MATCH p=(a)-[*]->(b) RETURN count(p)',
      'RETURN $missing',
      'RETURN',
      'CAUSE]->() DETACH DELETE n //',
      '\u0000',
      'x'.repeat(100_001),
    ];
    const statuses: Record<number, number> = {};
    const faults: string[] = [];
    let requests = 0;
    const check = async (method: string, url: string, what: string, body: string, type?: string) => {
      const answer = await send(method, url, body, type);
      requests++;
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const problem = fault(answer);
      if (problem !== undefined) faults.push(`${method} ${url} (${what}): ${problem}`);
    };
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.requestBody !== undefined)
        .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    expect(routes.map((route) => `${route.method} ${route.path}`)).toContain('POST /cypher');
    for (const { path, method, operation } of routes) {
      const url = path.replace(/\{[^}]+\}/g, knownId);
      for (const [what, body, type] of bodies) await check(method, url, what, body, type);
      const schema = (
        operation.requestBody as { content?: Record<string, { schema?: { properties?: object } }> }
      ).content?.['application/json']?.schema;
      for (const property of Object.keys(schema?.properties ?? {})) {
        for (const value of hostileJson) {
          await check(
            method,
            url,
            `${property}=${JSON.stringify(value).slice(0, 40)}`,
            JSON.stringify({ query: 'RETURN 1', [property]: value }),
          );
        }
      }
      if (path === '/cypher') {
        for (const query of statements) {
          await check(method, url, `query ${query.slice(0, 60)}`, JSON.stringify({ query, params: {} }));
        }
      }
    }
    // Nothing written: the statements that try are refused by the database's read-only mode.
    const count = await driver.executeQuery(
      'MATCH (n) RETURN count(n) AS c, count(CASE WHEN n:Admin THEN 1 END) AS admins',
    );
    expect(count.records[0]?.get('c')).toBe(events.length);
    expect(count.records[0]?.get('admins')).toBe(0);
    expect(faults.slice(0, 20)).toEqual([]);
    reportFigures('api-fuzz-bodies', {
      routes: routes.map((route) => `${route.method} ${route.path}`),
      requests,
      statuses,
      ms: Date.now() - started,
    });
  });
});
