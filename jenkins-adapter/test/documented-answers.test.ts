import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import {
  AmqpTestBroker,
  AnswerRecorder,
  declareTestTopology,
  DocumentedAnswers,
  freePort,
  testServices,
  uniqueName,
  type OpenApiDocument,
} from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import fp from 'fastify-plugin';
import type { AdapterContext, AdapterPlugin } from '../src/routes/route-context.js';
import type { AdapterService } from '../src/adapter-service.js';
import { jenkinsSample } from '@tracey/jenkins-adapter/testing';
import { startAdapterWithTriggers } from './support/adapter-with-triggers.js';

// Every route of the Jenkins adapter documents a response schema for every status it answers,
// and its real answers — on RabbitMQ, success and each error that can be driven — validate against
// the document and are on the wire what the handler answered (issue 17, item 5).

const TOKEN = 'adapter-documented-token';
const authorization = `Bearer ${TOKEN}`;

interface Call {
  readonly route: string;
  readonly request: InjectOptions;
  readonly status: number;
}

const json = (body: unknown, token = true): Pick<InjectOptions, 'payload' | 'headers'> => ({
  payload: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...(token ? { authorization } : {}) },
});

describe('the OpenAPI document describes every answer of the Jenkins adapter', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let work: string;
  let adapter: AdapterService;
  let recorder: AnswerRecorder | undefined;
  let answers: DocumentedAnswers;
  let ready = true;

  // Records what the handlers answer (its hook on the root: fastify-plugin), and stands for a
  // plugin that is not always ready.
  const probe: AdapterPlugin = fp<{ readonly context: AdapterContext }>((app, { context }, done) => {
    recorder = new AnswerRecorder(app);
    context.addReadyCheck('probe', () => ready);
    done();
  });

  beforeAll(async () => {
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    const topology = await declareTestTopology(broker, 'adapter-documented');
    work = await mkdtemp(`${tmpdir()}/tracey-documented-`);
    const rule = {
      name: 'deploy-tests',
      bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#'],
      action: {
        type: 'jenkins',
        url: `http://127.0.0.1:${await freePort()}/`,
        job: 'app/deploy-tests',
        auth: { userEnv: 'JENKINS_USER', tokenEnv: 'JENKINS_TOKEN' },
      },
    };
    await writeFile(`${work}/rules.json`, JSON.stringify({ rules: [rule] }));
    const queue = uniqueName('adapter-documented-triggers');
    broker.track('queue', queue);
    adapter = await startAdapterWithTriggers({
      amqpUrl: services.amqpUrl,
      exchange: topology.exchange,
      token: TOKEN,
      work,
      queue,
      plugins: [probe],
    });
    const document = await adapter.app.inject({ url: '/openapi.json' });
    expect(document.statusCode).toBe(200);
    answers = new DocumentedAnswers(document.json<OpenApiDocument>());
  });

  afterAll(async () => {
    await adapter?.stop();
    await broker?.cleanup();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('documents the success and the error body of every route', () => {
    expect(answers.operations.sort()).toEqual([
      'GET /health',
      'GET /metrics',
      'GET /ready',
      'GET /triggers/failed',
      'GET /triggers/history',
      'POST /events',
      'POST /jenkins/notification',
      'POST /triggers/failed/replay',
    ]);
    const lacking = answers.operations.filter((operation) => {
      const statuses = answers.statuses(operation);
      const answersErrors = operation !== 'GET /health' && operation !== 'GET /metrics';
      return (
        !statuses.includes('200') || (answersErrors && !statuses.some((status) => Number(status) >= 400))
      );
    });
    expect(lacking).toEqual([]);
  });

  it('answers what it documents, on RabbitMQ', async () => {
    const valid = () =>
      eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/documented@1.0.0' }).build();
    const invalid = { meta: { id: 'not-a-uuid', type: 'EiffelArtifactCreatedEvent' } };
    const calls: Call[] = [
      { route: 'GET /health', request: { url: '/health' }, status: 200 },
      { route: 'GET /ready', request: { url: '/ready' }, status: 200 },
      { route: 'GET /metrics', request: { url: '/metrics' }, status: 200 },
      { route: 'POST /events', request: { method: 'POST', url: '/events', ...json(valid()) }, status: 200 },
      {
        route: 'POST /events',
        request: { method: 'POST', url: '/events', ...json([valid(), invalid]) },
        status: 207,
      },
      { route: 'POST /events', request: { method: 'POST', url: '/events', ...json([invalid]) }, status: 422 },
      { route: 'POST /events', request: { method: 'POST', url: '/events', ...json([]) }, status: 400 },
      {
        route: 'POST /events',
        request: { method: 'POST', url: '/events', ...json(valid(), false) },
        status: 401,
      },
      {
        route: 'POST /events',
        request: {
          method: 'POST',
          url: '/events',
          payload: 'x',
          headers: { 'content-type': 'text/plain', authorization },
        },
        status: 415,
      },
      {
        route: 'POST /jenkins/notification',
        request: { method: 'POST', url: '/jenkins/notification', ...json(jenkinsSample('pipeline-queued')) },
        status: 200,
      },
      {
        route: 'POST /jenkins/notification',
        request: { method: 'POST', url: '/jenkins/notification', ...json({ name: 'job', build: {} }) },
        status: 400,
      },
      {
        route: 'POST /jenkins/notification',
        request: { method: 'POST', url: '/jenkins/notification', ...json({ name: 'job' }, false) },
        status: 401,
      },
      {
        route: 'POST /jenkins/notification',
        request: {
          method: 'POST',
          url: '/jenkins/notification',
          ...json(`{"name":"job"}${' '.repeat(1024 * 1024)}`),
        },
        status: 413,
      },
      {
        route: 'GET /triggers/failed',
        request: { url: '/triggers/failed', headers: { authorization } },
        status: 200,
      },
      {
        route: 'GET /triggers/failed',
        request: { url: '/triggers/failed?limit=0', headers: { authorization } },
        status: 400,
      },
      { route: 'GET /triggers/failed', request: { url: '/triggers/failed' }, status: 401 },
      {
        route: 'GET /triggers/history',
        request: { url: '/triggers/history?limit=5', headers: { authorization } },
        status: 200,
      },
      {
        route: 'GET /triggers/history',
        request: { url: '/triggers/history?nope=1', headers: { authorization } },
        status: 400,
      },
      { route: 'GET /triggers/history', request: { url: '/triggers/history' }, status: 401 },
      {
        route: 'POST /triggers/failed/replay',
        request: { method: 'POST', url: '/triggers/failed/replay', headers: { authorization } },
        status: 200,
      },
      {
        route: 'POST /triggers/failed/replay',
        request: {
          method: 'POST',
          url: '/triggers/failed/replay',
          ...json({ rule: 'deploy-tests', limit: 2 }),
        },
        status: 200,
      },
      {
        route: 'POST /triggers/failed/replay',
        request: { method: 'POST', url: '/triggers/failed/replay', ...json({ limit: 0 }) },
        status: 400,
      },
      {
        route: 'POST /triggers/failed/replay',
        request: { method: 'POST', url: '/triggers/failed/replay' },
        status: 401,
      },
    ];
    for (const call of calls) {
      const answer = await adapter.app.inject(call.request);
      expect(
        answer.statusCode,
        `${call.route} ${JSON.stringify(call.request.url)}: ${answer.body.slice(0, 300)}`,
      ).toBe(call.status);
      answers.check(call.route, answer, recorder);
    }

    // An extension that cannot do its work: 503 ADAPTER_NOT_READY.
    ready = false;
    const notReady = await adapter.app.inject({ url: '/ready' });
    ready = true;
    expect(notReady.statusCode).toBe(503);
    answers.check('GET /ready', notReady, recorder);

    // Serializing from the schemas changed nothing the handlers answered.
    expect(answers.compared).toBeGreaterThan(12);

    // Every route was driven.
    const driven = new Set([...answers.checked].map((key) => key.split(' ').slice(0, 2).join(' ')));
    expect(answers.operations.filter((operation) => !driven.has(operation))).toEqual([]);
  }, 60_000);
});
