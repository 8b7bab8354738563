import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { EventGraph, type GraphReader } from '@tracey/graph';
import { buildApp } from '@tracey/api';
import { hashToken, newToken, TOKEN_SCOPES } from '@tracey/http-kit';
import { ingest } from '@tracey/api/testing';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { syntheticRelease } from '@tracey/api/testing';

// Issue 24, done when: over every route of the query API, no token → 401, a token without the
// route's scope → 403, a token with it → the route's documented answer; the OpenAPI document
// names each route's scope. Tokens come from a tokens file (hashes only) and TRACEY_API_TOKEN.

interface Operation {
  readonly 'x-tracey-scope'?: string;
  readonly security?: unknown;
  readonly parameters?: { name: string; in: string; required?: boolean }[];
  readonly requestBody?: unknown;
  readonly responses: Record<string, unknown>;
}

const PUBLIC = new Set(['GET /health', 'GET /ready', 'GET /metrics', 'GET /']);

describe('scoped tokens on every route of the query API', () => {
  const services = testServices();
  const events = syntheticRelease() as { meta: { id: string } }[];
  const dir = mkdtempSync(`${tmpdir()}/tracey-scopes-`);
  const tokens = Object.fromEntries(TOKEN_SCOPES.map((scope) => [scope, newToken()])) as Record<
    (typeof TOKEN_SCOPES)[number],
    string
  >;
  const allScopes = newToken();
  let app: FastifyInstance;
  let writer: EventGraph;
  let graph: GraphReader;

  beforeAll(async () => {
    const driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    await driver.close();
    const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
    writer = EventGraph.connect(connection);
    await ingest(writer, events);
    graph = EventGraph.connectReader(connection);
    const file = `${dir}/tokens.yaml`;
    // One token per scope; the reader's hashed with scrypt, the others with sha256.
    writeFileSync(
      file,
      [
        'tokens:',
        ...TOKEN_SCOPES.map(
          (scope) =>
            `  - {name: only-${scope}, scopes: [${scope}], ${scope === 'read' ? `scrypt: "${hashToken(tokens[scope], 'scrypt')}"` : `sha256: ${hashToken(tokens[scope])}`}}`,
        ),
      ].join('\n'),
    );
    app = buildApp({
      graph,
      config: { apiToken: allScopes, readAuth: 'required', tokensFile: file },
      logger: pino({ level: 'silent' }),
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await graph?.close();
    await writer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without a token, 403 without the scope and the documented answer with it', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const id = events[0]?.meta.id ?? '';
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operation,
      })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const checked: string[] = [];
    for (const { method, path, operation } of routes) {
      const route = `${method} ${path}`;
      const scope = operation['x-tracey-scope'];
      if (PUBLIC.has(route)) {
        expect(scope, route).toBeUndefined();
        continue;
      }
      // The document names the scope of every other route, and says it takes the bearer token.
      expect(TOKEN_SCOPES, `${route} names its scope`).toContain(scope);
      expect(operation.security, route).toEqual([{ bearer: [] }]);
      const url = path.replace(/\{[^}]+\}/g, id);
      const body =
        operation.requestBody === undefined ? {} : { payload: { query: 'MATCH (n) RETURN count(n) AS n' } };
      const send = (token?: string) =>
        app.inject({
          method: method as 'GET',
          url,
          ...body,
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        });
      const none = await send();
      expect(none.statusCode, `${route} without a token: ${none.body}`).toBe(401);
      expect(none.json<{ error: { code: string } }>().error.code).toBe('API_UNAUTHORIZED');
      expect((await send('not-a-token')).statusCode, `${route} with an unknown token`).toBe(401);
      for (const other of TOKEN_SCOPES.filter((candidate) => candidate !== scope)) {
        const refused = await send(tokens[other]);
        expect(refused.statusCode, `${route} with only ${other}: ${refused.body}`).toBe(403);
        expect(refused.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
          code: 'API_FORBIDDEN',
          details: { token: `only-${other}`, scope },
        });
      }
      for (const token of [tokens[scope as (typeof TOKEN_SCOPES)[number]], allScopes]) {
        const answered = await send(token);
        expect([401, 403, 503], `${route} with its scope: ${answered.body}`).not.toContain(
          answered.statusCode,
        );
        expect(Object.keys(operation.responses), `${route} documents ${answered.statusCode}`).toContain(
          String(answered.statusCode),
        );
      }
      checked.push(`${route} ${String(scope)}`);
    }
    // Not vacuous: the reads and the Cypher endpoint.
    expect(checked).toContain('POST /cypher cypher');
    expect(checked.filter((entry) => entry.endsWith(' read')).length).toBeGreaterThanOrEqual(12);
  });
});
