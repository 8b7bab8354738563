import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@tracey/api';
import { ingest, syntheticRelease } from '@tracey/api/testing';
import { EventGraph, type GraphReader } from '@tracey/graph';
import { AuditLog, hashToken } from '@tracey/http-kit';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';

// Issue 24: the audit trail records every call made with a token (by its name), every refusal,
// and every Cypher statement by its hash with the caller and the row count — as JSON lines in a
// file and for `admin` at GET /audit — and never a token's value.
describe('the audit trail', () => {
  const services = testServices();
  const events = syntheticRelease() as { meta: { id: string } }[];
  const dir = mkdtempSync(`${tmpdir()}/tracey-audit-`);
  const file = `${dir}/trail/api.jsonl`;
  const tokens = {
    reader: 'reader-token-abcdefghijklmnop',
    analyst: 'analyst-token-abcdefghijklmnop',
    auditor: 'auditor-token-abcdefghijklmnop',
  };
  let writer: EventGraph;
  let graph: GraphReader;
  let app: FastifyInstance;

  beforeAll(async () => {
    const driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    await driver.close();
    const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
    writer = EventGraph.connect(connection);
    await ingest(writer, events);
    graph = EventGraph.connectReader(connection);
    writeFileSync(
      `${dir}/tokens.yaml`,
      [
        'tokens:',
        `  - {name: reader, scopes: [read], sha256: ${hashToken(tokens.reader)}}`,
        `  - {name: analyst, scopes: [read, cypher], sha256: ${hashToken(tokens.analyst)}}`,
        `  - {name: auditor, scopes: [admin], sha256: ${hashToken(tokens.auditor)}}`,
      ].join('\n'),
    );
    const logger = pino({ level: 'silent' });
    app = buildApp({
      graph,
      config: { apiToken: undefined, readAuth: 'required', tokensFile: `${dir}/tokens.yaml` },
      logger,
      audit: new AuditLog({ file, logger }),
      ui: false,
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await graph?.close();
    await writer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it('records calls, refusals and Cypher by hash, and shows them to admin only', async () => {
    const query = 'MATCH (n:Event) RETURN n.id AS id LIMIT 3';
    expect((await call('GET', `/events/${events[0]?.meta.id ?? ''}`, tokens.reader)).statusCode).toBe(200);
    expect((await call('POST', '/cypher', tokens.analyst, { query })).statusCode).toBe(200);
    expect((await call('POST', '/cypher', tokens.reader, { query })).statusCode).toBe(403);
    expect((await call('GET', '/events', 'not-a-token')).statusCode).toBe(401);
    expect((await call('GET', '/audit', tokens.reader)).statusCode).toBe(403);

    const answer = await call('GET', '/audit?limit=50', tokens.auditor);
    expect(answer.statusCode, answer.body).toBe(200);
    const entries = answer.json<{ entries: Record<string, unknown>[] }>().entries;
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const strip = ({ time: _time, ...rest }: Record<string, unknown>) => rest;
    expect(lines.map(strip)).toEqual([
      { kind: 'request', actor: 'reader', method: 'GET', route: '/events/:id', status: 200 },
      {
        kind: 'cypher',
        actor: 'analyst',
        queryHash: createHash('sha256').update(query).digest('hex'),
        rows: 3,
      },
      { kind: 'request', actor: 'analyst', method: 'POST', route: '/cypher', status: 200 },
      {
        kind: 'refused',
        actor: 'reader',
        reason: 'forbidden',
        scope: 'cypher',
        method: 'POST',
        route: '/cypher',
        ip: '127.0.0.1',
      },
      {
        kind: 'refused',
        actor: null,
        reason: 'wrong',
        scope: 'read',
        method: 'GET',
        route: '/events',
        ip: '127.0.0.1',
      },
      {
        kind: 'refused',
        actor: 'reader',
        reason: 'forbidden',
        scope: 'admin',
        method: 'GET',
        route: '/audit',
        ip: '127.0.0.1',
      },
      { kind: 'request', actor: 'auditor', method: 'GET', route: '/audit', status: 200 },
    ]);
    // GET /audit answers from the file, newest first; its own call is recorded after it answered.
    expect(entries).toEqual(lines.slice(0, -1).reverse());
    const cypherOnly = (await call('GET', '/audit?kind=cypher', tokens.auditor)).json<{
      entries: unknown[];
    }>();
    expect(cypherOnly.entries).toHaveLength(1);

    // No token's value anywhere in the trail.
    const trail = readFileSync(file, 'utf8');
    for (const token of Object.values(tokens)) expect(trail).not.toContain(token);
  });
});
