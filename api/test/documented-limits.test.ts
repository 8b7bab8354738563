import { EventGraph } from '@tracey/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { freePort, testServices } from '@tracey/testing';
import { generatePipelineEvents } from '@tracey/graph/testing';
import { buildApp } from '@tracey/api';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

// The limits and error answers of docs/api.md and docs/errors.md, each driven to its edge on the
// real Neo4j. The figures are the documented ones, written out here, not read from LIMITS.
const DOCUMENTED = { queryTimeoutMs: 10_000, searchScan: 20_000, maxNodes: 100_000 } as const;
const EVENTS = DOCUMENTED.searchScan + 500;
const TOKEN = 'token-of-the-limits-test';

interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  };
}

describe('documented limits and error answers of the query API', () => {
  const services = testServices();
  const events = generatePipelineEvents(EVENTS);
  const verdictPassed = events.filter(
    (event) =>
      event.meta.type === 'EiffelTestCaseFinishedEvent' &&
      (event.data as { outcome?: { verdict?: string } }).outcome?.verdict === 'PASSED',
  );
  // A link target that never arrives: the graph keeps it as a placeholder.
  const placeholderId = '0badc0de-0000-4000-8000-000000000404';
  const first = events[0];
  const linking =
    first === undefined ? undefined : { ...first, links: [{ type: 'CAUSE', target: placeholderId }] };
  let api: QueryApiHarness;

  beforeAll(async () => {
    const withPlaceholder = events.map((event) => (event === first ? linking : event));
    api = await startQueryApi(services, { raw: withPlaceholder, apiToken: TOKEN });
  }, 180_000);

  afterAll(async () => {
    await api.close();
  });

  async function error(url: string, status: number, method: 'GET' | 'POST' = 'GET', payload?: object) {
    const response = await api.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${TOKEN}` },
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    return response.json<ErrorBody>().error;
  }

  it('holds the generated history it is driven with', async () => {
    const stored = await api.driver.executeQuery(
      'MATCH (e:Event) WHERE NOT e:Placeholder RETURN count(e) AS n',
      {},
      { routing: 'READ' },
    );
    expect(stored.records[0]?.get('n')).toBe(EVENTS);
    expect(verdictPassed.length).toBeGreaterThan(0);
    expect(verdictPassed.length).toBeLessThan(DOCUMENTED.searchScan);
  });

  it(`refuses a query over ${DOCUMENTED.queryTimeoutMs} ms with 422 API_LIMIT_EXCEEDED {limit: queryTimeoutMs}`, async () => {
    const started = Date.now();
    const refused = await error('/cypher', 422, 'POST', {
      query: 'UNWIND range(1, 4000000000) AS i WITH i WHERE i < 0 RETURN count(i) AS never',
    });
    const tookMs = Date.now() - started;
    expect(refused).toEqual({
      code: 'API_LIMIT_EXCEEDED',
      message: `the query ran over its time limit (${DOCUMENTED.queryTimeoutMs} ms); narrow it`,
      details: {
        limit: 'queryTimeoutMs',
        value: DOCUMENTED.queryTimeoutMs,
        neo4jCode: 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
      },
    });
    // Neo4j ended it at the limit: not before, and not long after.
    expect(tookMs).toBeGreaterThanOrEqual(DOCUMENTED.queryTimeoutMs - 500);
    expect(tookMs).toBeLessThan(DOCUMENTED.queryTimeoutMs * 3);
  }, 60_000);

  it(`refuses GET /events with an unindexed filter over more than ${DOCUMENTED.searchScan} events, and answers once an indexed filter narrows it`, async () => {
    const refused = await error('/events?data.outcome.verdict=PASSED', 422);
    expect(refused.code).toBe('API_LIMIT_EXCEEDED');
    expect(refused.message).toContain(
      `filters on data.outcome.verdict are checked on each event's JSON, and more than ${DOCUMENTED.searchScan} events are left to check; narrow the search with meta.type=`,
    );
    expect(refused.details).toEqual({ scanCap: DOCUMENTED.searchScan, unindexed: ['data.outcome.verdict'] });

    const narrowed = await api.app.inject({
      url: '/events?meta.type=EiffelTestCaseFinishedEvent&data.outcome.verdict=PASSED&pageSize=1',
    });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect(narrowed.json<{ totalNumberItems: number }>().totalNumberItems).toBe(verdictPassed.length);
  });

  it(`refuses a node limit over ${DOCUMENTED.maxNodes} with 400 naming limit, and takes ${DOCUMENTED.maxNodes}`, async () => {
    const id = events[events.length - 1]?.meta.id ?? '';
    for (const [method, url, payload] of [
      ['GET', `/events/${id}/upstream?limit=${DOCUMENTED.maxNodes + 1}`, undefined],
      ['GET', `/trace/${id}/releases?limit=${DOCUMENTED.maxNodes + 1}`, undefined],
      ['POST', `/search/${id}?limit=${DOCUMENTED.maxNodes + 1}`, { ult: ['ALL'] }],
    ] as const) {
      const refused = await error(url, 400, method, payload);
      expect(refused.code).toBe('API_BAD_REQUEST');
      expect(refused.message).toContain('limit');
    }
    const atCap = await api.app.inject({ url: `/events/${id}/upstream?limit=${DOCUMENTED.maxNodes}` });
    expect(atCap.statusCode, atCap.body).toBe(200);
    const answer = atCap.json<{ truncated: boolean; reached: number }>();
    expect(answer.truncated).toBe(false);
    expect(answer.reached).toBeGreaterThan(1);
  });

  it('answers 404 API_NOT_FOUND for a placeholder id: linked to, never stored', async () => {
    const placeholder = await api.driver.executeQuery(
      'MATCH (p {id: $id}) RETURN p:Placeholder AS placeholder, count { (p)<--() } AS incoming',
      { id: placeholderId },
      { routing: 'READ' },
    );
    expect(
      placeholder.records.map((r) => [r.get('placeholder') as boolean, r.get('incoming') as number]),
    ).toEqual([[true, 1]]);
    const missing = await error(`/events/${placeholderId}`, 404);
    expect(missing.code).toBe('API_NOT_FOUND');
    expect(missing.message).toContain(placeholderId);
  });

  it('with TRACEY_API_READ_AUTH=required answers reads 401 API_UNAUTHORIZED without the token, 503 when no token is set', async () => {
    const id = first?.meta.id ?? '';
    const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
    const logger = pino({ level: 'silent' });
    const locked = buildApp({
      graph: EventGraph.connectReader(connection),
      config: { apiToken: 'read-token-of-the-test', readAuth: 'required' },
      logger,
      closeGraph: true,
    });
    const closed = buildApp({
      graph: EventGraph.connectReader(connection),
      config: { apiToken: undefined, readAuth: 'required' },
      logger,
      closeGraph: true,
    });
    try {
      for (const headers of [{}, { authorization: 'Bearer another-token' }]) {
        const refused = await locked.inject({ url: `/events/${id}`, headers });
        expect(refused.statusCode, refused.body).toBe(401);
        expect(refused.json<ErrorBody>().error.code).toBe('API_UNAUTHORIZED');
      }
      const read = await locked.inject({
        url: `/events/${id}`,
        headers: { authorization: 'Bearer read-token-of-the-test' },
      });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json<{ meta: { id: string } }>().meta.id).toBe(id);
      expect((await locked.inject({ url: '/health' })).statusCode).toBe(200);

      const unset = await closed.inject({
        url: `/events/${id}`,
        headers: { authorization: 'Bearer anything' },
      });
      expect(unset.statusCode, unset.body).toBe(503);
      expect(unset.json<ErrorBody>().error.code).toBe('API_AUTH_NOT_CONFIGURED');
    } finally {
      await locked.close();
      await closed.close();
    }
  });

  it('answers 503 API_UNAVAILABLE when Neo4j cannot be reached', async () => {
    const nobody = await freePort();
    const app = buildApp({
      graph: EventGraph.connectReader({
        url: `bolt://127.0.0.1:${nobody}`,
        user: services.neo4jUser,
        password: services.neo4jPassword,
      }),
      config: { apiToken: undefined, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
      closeGraph: true,
    });
    try {
      const response = await app.inject({ url: `/events/${first?.meta.id ?? ''}` });
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json<ErrorBody>().error).toEqual({
        code: 'API_UNAVAILABLE',
        message: 'the graph database is not available; retry later',
        details: {},
      });
    } finally {
      await app.close();
    }
  }, 60_000);
});
