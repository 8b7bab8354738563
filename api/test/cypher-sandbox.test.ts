import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

const TOKEN = 'test-token-0123456789';

// The Cypher examples of docs/graph-model.md: what users run, which must keep answering.
const graphModelExamples = [
  ...readFileSync(fileURLToPath(new URL('../../docs/graph-model.md', import.meta.url)), 'utf8').matchAll(
    /```cypher\n([\s\S]*?)```/g,
  ),
].map((match) => match[1] ?? '');

describe('POST /cypher stays inside the graph, and so does Neo4j itself', () => {
  const services = testServices();
  let api: QueryApiHarness;
  let driver: Driver;
  // A URL LOAD CSV would fetch: it counts the requests that reach it.
  let target: Server;
  let targetUrl: string;
  let fetched = 0;

  beforeAll(async () => {
    api = await startQueryApi(services, { apiToken: TOKEN });
    driver = neo4j.driver(services.neo4jUrl, neo4j.auth.basic(services.neo4jUser, services.neo4jPassword));
    target = createServer((_, response) => {
      fetched++;
      response.end('secret,1\n');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health.csv`;
  });

  afterAll(async () => {
    await driver.close();
    await api.close();
    await new Promise((resolve) => target.close(resolve));
  });

  async function cypher(query: string, params: Record<string, unknown> = {}) {
    const response = await api.app.inject({
      method: 'POST',
      url: '/cypher',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { query, params },
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  const outside: [string, string, RegExp][] = [
    ['LOAD CSV over http', `LOAD CSV FROM $url AS line RETURN line`, /LOAD CSV/],
    ['LOAD CSV over https', "LOAD CSV FROM 'https://example.com/x.csv' AS line RETURN line", /LOAD CSV/],
    ['LOAD CSV over ftp', "LOAD CSV FROM 'ftp://127.0.0.1/x.csv' AS line RETURN line", /LOAD CSV/],
    ['LOAD CSV from a file', "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", /LOAD CSV/],
    [
      'LOAD CSV hidden in a comment-split, lower-case statement',
      `/* x */ load /* y */ csv from $url as l return l`,
      /LOAD CSV/,
    ],
    ['LOAD CSV under UNION', 'RETURN 1 AS l UNION LOAD CSV FROM $url AS l RETURN l', /LOAD CSV/],
    ['PROFILE of LOAD CSV', 'PROFILE LOAD CSV FROM $url AS l RETURN l', /LOAD CSV/],
    ['dbms.listConfig', 'CALL dbms.listConfig() YIELD name, value RETURN name, value', /dbms\.listConfig/],
    [
      'dbms.queryJmx in a subquery',
      "MATCH (n) CALL { CALL dbms.queryJmx('*:*') YIELD name RETURN name } RETURN name",
      /dbms\.queryJmx/,
    ],
    ['SHOW USERS', 'SHOW USERS', /administration commands/],
    ['SHOW DATABASES', 'SHOW DATABASES', /administration commands/],
    ['CREATE USER', "CREATE USER mallory SET PASSWORD 'mallory-password'", /administration commands/],
    ['SHOW SETTINGS', 'SHOW SETTINGS YIELD name, value RETURN name, value', /ShowSettings/],
    ['SHOW TRANSACTIONS', 'SHOW TRANSACTIONS', /ShowTransactions/],
    [
      'CALL { … } IN TRANSACTIONS',
      'UNWIND [1, 2] AS x CALL (x) { RETURN x AS y } IN TRANSACTIONS RETURN y',
      /IN TRANSACTIONS/,
    ],
  ];

  it.each(outside)('refuses %s with 403 API_CYPHER_REFUSED before it runs', async (_, query, reason) => {
    const answer = await cypher(query, { url: targetUrl });
    expect(answer.status, JSON.stringify(answer.body)).toBe(403);
    const error = answer.body['error'] as { code: string; message: string };
    expect(error.code).toBe('API_CYPHER_REFUSED');
    expect(error.message).toMatch(reason);
    expect(fetched).toBe(0);
  });

  it('still answers reads, EXPLAIN and PROFILE of reads, schema look-ups and the graph-model examples', async () => {
    expect(graphModelExamples.length).toBeGreaterThanOrEqual(5);
    const reads = [
      'MATCH (n:Event) RETURN count(n) AS events',
      'EXPLAIN MATCH (n:Event) RETURN n LIMIT 1',
      'PROFILE MATCH (n:Event) RETURN n LIMIT 1',
      '// the type index\nCYPHER 5 PROFILE MATCH (n:Event) WHERE n.type = $type RETURN n.id',
      'CALL db.labels() YIELD label RETURN label',
      'CALL db.schema.visualization()',
      'SHOW INDEXES YIELD name RETURN name',
      ...graphModelExamples,
    ];
    for (const query of reads) {
      // The parameters the examples name (docs/graph-model.md: `$commit`, `$from`, `$to`).
      const answer = await cypher(query, {
        from: 0,
        to: 4_102_444_800_000,
        type: 'EiffelArtifactCreatedEvent',
        commit: '0000000000000000000000000000000000000000',
      });
      expect(answer.status, `${query}: ${JSON.stringify(answer.body)}`).toBe(200);
      expect(answer.body).toHaveProperty('rows');
    }
  });

  it('keeps refusing writes as writes (403 API_WRITE_REFUSED)', async () => {
    const answer = await cypher("CREATE (:Event {id: 'x'})");
    expect(answer.status).toBe(403);
    expect((answer.body['error'] as { code: string }).code).toBe('API_WRITE_REFUSED');
  });

  // The second layer: Neo4j's own settings (scripts/lib/neo4j.sh, docker-compose.yml) refuse
  // the same statements sent straight to it, as the API's database user, in the API's kind of
  // transaction (a managed READ transaction).
  async function straightToNeo4j(query: string): Promise<string> {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      await session.executeRead((tx) => tx.run(query, { url: targetUrl }));
      return 'ran';
    } catch (error) {
      return `${(error as { code?: string }).code ?? ''}: ${(error as Error).message}`;
    } finally {
      await session.close();
    }
  }

  it.each([
    [
      'http',
      'LOAD CSV FROM $url AS l RETURN l',
      /blocked via the configuration property internal\.dbms\.cypher_ip_blocklist/,
    ],
    [
      'http to localhost',
      "LOAD CSV FROM 'http://localhost:7474/' AS l RETURN l",
      /blocked via the configuration/,
    ],
    ['ftp', "LOAD CSV FROM 'ftp://127.0.0.1/x.csv' AS l RETURN l", /blocked via the configuration/],
    ['file', "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", /allow_csv_import_from_file_urls' is false/],
    [
      'file in the import folder',
      "LOAD CSV FROM 'file:///x.csv' AS l RETURN l",
      /allow_csv_import_from_file_urls' is false/,
    ],
  ])('Neo4j itself refuses LOAD CSV over %s', async (_, query, reason) => {
    const outcome = await straightToNeo4j(query);
    expect(outcome).toMatch(/^Neo\.ClientError\.Statement\.ExternalResourceFailed/);
    expect(outcome).toMatch(reason);
    expect(fetched).toBe(0);
  });

  it('Neo4j itself refuses CALL { … } IN TRANSACTIONS in the read transaction', async () => {
    expect(
      await straightToNeo4j('UNWIND [1, 2] AS x CALL (x) { RETURN x AS y } IN TRANSACTIONS RETURN y'),
    ).toMatch(/can only be executed in an implicit transaction/);
  });

  // The graph module reads in auto-commit transactions, where Neo4j would take CALL … IN
  // TRANSACTIONS; the Cypher route asks for one managed transaction (`managed: true`) instead.
  it("the graph module's managed read is the transaction Neo4j refuses it in; its auto-commit read is not", async () => {
    const statement = 'UNWIND [1, 2] AS x CALL (x) { RETURN x AS y } IN TRANSACTIONS RETURN y';
    const rows = await api.writer.read('test', async (tx) => (await tx.run(statement)).records.length);
    expect(rows).toBe(2);
    await expect(api.writer.read('test', (tx) => tx.run(statement), { managed: true })).rejects.toThrow(
      /can only be executed in an implicit transaction/,
    );
    // Writes stay refused both ways: READ sessions.
    for (const managed of [false, true]) {
      await expect(
        api.writer.read('test', (tx) => tx.run("CREATE (:Probe {id: 'x'})"), { managed }),
      ).rejects.toMatchObject({ details: { neo4jCode: 'Neo.ClientError.Statement.AccessMode' } });
    }
  });
});
