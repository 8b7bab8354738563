import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { pino } from 'pino';
import {
  AnswerRecorder,
  DocumentedAnswers,
  freePort,
  testServices,
  type OpenApiDocument,
} from '@tracey/testing';
import { EventGraph } from '@tracey/graph';
import { buildApp } from '@tracey/api';
import type { BuildAppOptions } from '../src/build-app.js';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';
import { syntheticRelease } from '@tracey/api/testing';

// Every route of the query API documents a response schema for every status it answers, and its
// real answers — on Neo4j, success and each error that can be driven — validate against the
// document and are on the wire what the handler answered (issue 17, item 5).

const TOKEN = 'documented-answers-token';

interface Call {
  readonly route: string;
  readonly request: InjectOptions;
  readonly status: number;
}

const json = (body: unknown): Pick<InjectOptions, 'payload' | 'headers'> => ({
  payload: JSON.stringify(body),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
});

describe('the OpenAPI document describes every answer of the query API', () => {
  const services = testServices();
  const events = syntheticRelease() as { meta: { id: string; type: string } }[];
  const idOf = (type: string, nth = 0) =>
    events.filter((event) => event.meta.type === type)[nth]?.meta.id ?? `no ${type}`;
  const artifact = idOf('EiffelArtifactCreatedEvent', 1);
  const change = idOf('EiffelSourceChangeCreatedEvent');
  const unknown = '00000000-0000-4000-8000-000000000000';
  let api: QueryApiHarness;
  let recorder: AnswerRecorder;
  let answers: DocumentedAnswers;
  const extraApps: FastifyInstance[] = [];

  async function app(options: Partial<BuildAppOptions> & Pick<BuildAppOptions, 'graph' | 'config'>) {
    const built = buildApp({ logger: pino({ level: 'silent' }), ...options });
    await built.ready();
    extraApps.push(built);
    return built;
  }

  beforeAll(async () => {
    api = await startQueryApi(services, {
      raw: events,
      apiToken: TOKEN,
      beforeReady: (app) => {
        recorder = new AnswerRecorder(app);
      },
    });
    const document = (await api.app.inject({ url: '/openapi.json' })).json<OpenApiDocument>();
    answers = new DocumentedAnswers(document);
  });

  afterAll(async () => {
    for (const extra of extraApps) await extra.close();
    await api.close();
  });

  it('documents the success and the error body of every route', () => {
    expect(answers.operations.length).toBeGreaterThan(10);
    const lacking = answers.operations.filter((operation) => {
      const statuses = answers.statuses(operation);
      const errors = statuses.filter((status) => Number(status) >= 400);
      // Only the process's own liveness and its metrics never answer an error.
      const answersErrors = operation !== 'GET /health' && operation !== 'GET /metrics';
      return !statuses.includes('200') || (answersErrors && errors.length === 0);
    });
    expect(lacking).toEqual([]);
  });

  it('answers what it documents, on Neo4j', async () => {
    const calls: Call[] = [
      { route: 'GET /health', request: { url: '/health' }, status: 200 },
      { route: 'GET /ready', request: { url: '/ready' }, status: 200 },
      { route: 'GET /metrics', request: { url: '/metrics' }, status: 200 },
      { route: 'GET /events/:id', request: { url: `/events/${artifact}` }, status: 200 },
      { route: 'GET /events/:id', request: { url: `/events/${unknown}` }, status: 404 },
      { route: 'GET /events', request: { url: '/events?meta.type=EiffelArtifactCreatedEvent' }, status: 200 },
      { route: 'GET /events', request: { url: '/events?readable=true&pageSize=3' }, status: 200 },
      { route: 'GET /events', request: { url: '/events?pageSize=0' }, status: 400 },
      {
        route: 'POST /search/:id',
        request: { method: 'POST', url: `/search/${artifact}`, ...json({ ult: ['ALL'], dlt: ['ALL'] }) },
        status: 200,
      },
      {
        route: 'POST /search/:id',
        request: { method: 'POST', url: `/search/${artifact}?tree=true`, ...json({ ult: ['ALL'] }) },
        status: 200,
      },
      {
        route: 'POST /search/:id',
        request: { method: 'POST', url: `/search/${artifact}`, ...json({ ult: ['NOPE'] }) },
        status: 400,
      },
      {
        route: 'POST /search/:id',
        request: { method: 'POST', url: `/search/${unknown}`, ...json({ ult: ['ALL'] }) },
        status: 404,
      },
      {
        route: 'POST /search/:id',
        request: {
          method: 'POST',
          url: `/search/${artifact}`,
          payload: 'ult=ALL',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        status: 415,
      },
      {
        route: 'POST /search/:id',
        request: {
          method: 'POST',
          url: `/search/${artifact}`,
          ...json({ ult: ['ALL'], pad: 'x'.repeat(1_100_000) }),
        },
        status: 413,
      },
      { route: 'GET /events/:id/upstream', request: { url: `/events/${artifact}/upstream` }, status: 200 },
      {
        route: 'GET /events/:id/downstream',
        request: { url: `/events/${change}/downstream?maxDepth=1` },
        status: 200,
      },
      {
        route: 'GET /events/:id/upstream',
        request: { url: `/events/${artifact}/upstream?limit=0` },
        status: 400,
      },
      { route: 'GET /events/:id/downstream', request: { url: `/events/${unknown}/downstream` }, status: 404 },
      {
        route: 'GET /trace/:id/contents',
        request: { url: `/trace/${idOf('EiffelConfidenceLevelModifiedEvent')}/contents` },
        status: 200,
      },
      {
        route: 'GET /trace/:id/contents',
        request: { url: `/trace/${artifact}/contents?since=previous` },
        status: 200,
      },
      {
        route: 'GET /trace/:id/contents',
        request: { url: `/trace/${artifact}/contents?limit=x` },
        status: 400,
      },
      { route: 'GET /trace/:id/contents', request: { url: `/trace/${unknown}/contents` }, status: 404 },
      { route: 'GET /trace/:id/contents', request: { url: `/trace/${change}/contents` }, status: 422 },
      { route: 'GET /trace/:id/releases', request: { url: `/trace/${change}/releases` }, status: 200 },
      {
        route: 'GET /trace/:id/releases',
        request: { url: `/trace/${change}/releases?maxDepth=0` },
        status: 400,
      },
      { route: 'GET /trace/:id/releases', request: { url: `/trace/${unknown}/releases` }, status: 404 },
      {
        route: 'GET /trace/:id/releases',
        request: { url: `/trace/${idOf('EiffelActivityTriggeredEvent')}/releases` },
        status: 422,
      },
      { route: 'GET /lead-time', request: { url: `/lead-time?from=${change}&to=${artifact}` }, status: 200 },
      { route: 'GET /lead-time', request: { url: `/lead-time?from=${change}` }, status: 400 },
      { route: 'GET /lead-time', request: { url: `/lead-time?from=${change}&to=${unknown}` }, status: 404 },
      { route: 'GET /lead-time', request: { url: `/lead-time?from=${artifact}&to=${change}` }, status: 422 },
      {
        route: 'GET /lead-time/stats',
        request: {
          url: '/lead-time/stats?from=SourceChangeCreated&to=ArtifactCreated&groupBy=week',
        },
        status: 200,
      },
      { route: 'GET /lead-time/stats', request: { url: '/lead-time/stats?from=Nope&to=Nope' }, status: 400 },
      { route: 'GET /dora', request: { url: '/dora?groupBy=week' }, status: 200 },
      { route: 'GET /dora', request: { url: '/dora?groupBy=fortnight' }, status: 400 },
      { route: 'GET /dora/deployments', request: { url: '/dora/deployments' }, status: 200 },
      { route: 'GET /dora/deployments', request: { url: '/dora/deployments?team=nobody' }, status: 400 },
      { route: 'GET /dora/incidents', request: { url: '/dora/incidents' }, status: 200 },
      { route: 'GET /dora/changes/:id', request: { url: `/dora/changes/${change}` }, status: 200 },
      {
        route: 'GET /dora/changes/:id',
        request: { url: `/dora/changes/${change}?since=2026-02-01&until=2026-01-01` },
        status: 400,
      },
      { route: 'GET /dora/incidents', request: { url: '/dora/incidents?since=yesterday' }, status: 400 },
      { route: 'GET /dora/incidents', request: { url: '/dora/incidents?status=open' }, status: 200 },
      { route: 'GET /dora/incidents', request: { url: '/dora/incidents?status=closed' }, status: 400 },
      { route: 'GET /deploy-frequency/:period', request: { url: '/deploy-frequency/week' }, status: 200 },
      {
        route: 'GET /deploy-frequency/:period',
        request: { url: '/deploy-frequency/fortnight' },
        status: 400,
      },
      {
        route: 'GET /audit',
        request: { url: '/audit?kind=request', headers: { authorization: `Bearer ${TOKEN}` } },
        status: 200,
      },
      {
        route: 'GET /audit',
        request: { url: '/audit?limit=0', headers: { authorization: `Bearer ${TOKEN}` } },
        status: 400,
      },
      { route: 'GET /audit', request: { url: '/audit' }, status: 401 },
      { route: 'GET /missing-links', request: { url: '/missing-links' }, status: 200 },
      { route: 'GET /missing-links', request: { url: '/missing-links?limit=0' }, status: 400 },
      {
        route: 'POST /cypher',
        request: {
          method: 'POST',
          url: '/cypher',
          ...json({ query: 'MATCH (e) RETURN e.id AS id LIMIT 3' }),
        },
        status: 200,
      },
      {
        route: 'POST /cypher',
        request: { method: 'POST', url: '/cypher', ...json({ query: '' }) },
        status: 400,
      },
      {
        route: 'POST /cypher',
        request: {
          method: 'POST',
          url: '/cypher',
          payload: JSON.stringify({ query: 'RETURN 1' }),
          headers: { 'content-type': 'application/json' },
        },
        status: 401,
      },
      {
        route: 'POST /cypher',
        request: { method: 'POST', url: '/cypher', ...json({ query: 'CREATE (n:Nope) RETURN n' }) },
        status: 403,
      },
      {
        route: 'POST /cypher',
        request: { method: 'POST', url: '/cypher', ...json({ query: 'MATCH (e) RETURN e', params: {} }) },
        status: 200,
      },
    ];
    for (const call of calls) {
      const answer = await api.app.inject(call.request);
      expect(
        answer.statusCode,
        `${call.route} ${JSON.stringify(call.request.url)}: ${answer.body.slice(0, 300)}`,
      ).toBe(call.status);
      answers.check(call.route, answer, recorder);
    }

    // Reads behind the token: 401 without it, 503 when the server has none to check against.
    const graph = EventGraph.connectReader({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    });
    const locked = await app({ graph, config: { apiToken: TOKEN, readAuth: 'required' } });
    const closed = await app({
      graph,
      config: { apiToken: undefined, readAuth: 'required' },
      closeGraph: true,
    });
    for (const [route, url] of [
      ['GET /events/:id', `/events/${artifact}`],
      ['GET /events', '/events'],
      ['GET /events/:id/upstream', `/events/${artifact}/upstream`],
      ['GET /trace/:id/contents', `/trace/${artifact}/contents`],
      ['GET /trace/:id/releases', `/trace/${change}/releases`],
      ['GET /lead-time', `/lead-time?from=${change}&to=${artifact}`],
      ['GET /lead-time/stats', '/lead-time/stats?from=SourceChangeCreated&to=ArtifactCreated'],
      ['GET /missing-links', '/missing-links'],
      ['GET /dora', '/dora'],
      ['GET /dora/deployments', '/dora/deployments'],
      ['GET /dora/incidents', '/dora/incidents'],
    ] as const) {
      const refused = await locked.inject({ url });
      expect(refused.statusCode, `${route} without a token`).toBe(401);
      answers.check(route, refused);
      const shut = await closed.inject({ url });
      expect(shut.statusCode, `${route} without a configured token`).toBe(503);
      answers.check(route, shut);
    }

    // Neo4j out of reach: 503 API_UNAVAILABLE.
    const nobody = await freePort();
    const unreachable = await app({
      graph: EventGraph.connectReader({
        url: `bolt://127.0.0.1:${nobody}`,
        user: services.neo4jUser,
        password: services.neo4jPassword,
      }),
      config: { apiToken: TOKEN, readAuth: 'optional' },
      closeGraph: true,
    });
    for (const [route, url] of [
      ['GET /ready', '/ready'],
      ['GET /trace/:id/contents', `/trace/${artifact}/contents`],
    ] as const) {
      const down = await unreachable.inject({ url });
      expect(down.statusCode, `${route} without Neo4j`).toBe(503);
      answers.check(route, down);
    }

    // Serializing from the schemas changed nothing the handlers answered.
    expect(answers.compared).toBeGreaterThan(20);

    // Every route was driven to its success and at least one error.
    const driven = new Set([...answers.checked].map((key) => key.split(' ').slice(0, 2).join(' ')));
    expect(answers.operations.filter((operation) => !driven.has(operation))).toEqual([]);
  }, 240_000);
});
