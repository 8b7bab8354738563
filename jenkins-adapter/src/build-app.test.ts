import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { retryable } from '@tracey/producer-core';
import { eiffelEvent } from '@tracey/schemas';
import { buildApp } from './build-app.js';
import { buildEventId } from './notification/event-ids.js';
import { DEFAULT_PURL_TEMPLATE } from './notification/purl-template.js';
import type { SourceChangeLookup } from './notification/source-change-lookup.js';
import { EventPublisher } from '@tracey/intake';
import type { AdapterPlugin } from './routes/route-context.js';

const fixturesDir = (
  process.env['TRACEY_FIXTURES_DIR'] ?? fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');
const sample = (name: string): unknown =>
  JSON.parse(readFileSync(`${fixturesDir}/jenkins/${name}.json`, 'utf8'));

const TOKEN = 'adapter-s3cret';
const bearer = { authorization: `Bearer ${TOKEN}` };
const logger = createLogger({ name: 'adapter-test', level: 'silent' });
const SOURCE_CHANGE = '0b8f8d39-5e1d-4a59-9b3c-0a6f2f2d9e11';

interface Harness {
  app: FastifyInstance;
  output: MemoryOutput;
  lookups: string[];
}

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function harness(
  options: {
    plugins?: AdapterPlugin[];
    broker?: () => Promise<void>;
    lookup?: SourceChangeLookup;
    stored?: readonly string[];
    /** Milliseconds the graph takes to answer whether an event is stored. */
    storedDelayMs?: number;
  } = {},
): Harness {
  const output = new MemoryOutput();
  const lookups: string[] = [];
  const app = buildApp({
    config: { adapterToken: TOKEN, purlTemplate: DEFAULT_PURL_TEMPLATE },
    logger,
    publisher: new EventPublisher(output),
    sourceChanges: options.lookup ?? {
      find: (commit) => {
        lookups.push(commit);
        return Promise.resolve(SOURCE_CHANGE);
      },
    },
    storedEvents: {
      has: (id) =>
        new Promise((resolve) =>
          setTimeout(() => resolve(options.stored?.includes(id) ?? false), options.storedDelayMs ?? 0),
        ),
    },
    brokerReady: options.broker ?? (() => Promise.resolve()),
    plugins: options.plugins ?? [],
  });
  open = app;
  return { app, output, lookups };
}

const notify = (app: FastifyInstance, name: string, headers: Record<string, string> = bearer) =>
  app.inject({ method: 'POST', url: '/jenkins/notification', headers, payload: sample(name) as object });

const validEvent = (name = 'build') => eiffelEvent('EiffelActivityTriggeredEvent', { name }).build();

describe('POST /jenkins/notification', () => {
  it('needs the token: bearer, or Basic auth as the plugin sends it', async () => {
    const { app, output } = harness();
    expect((await notify(app, 'freestyle-queued', {})).statusCode).toBe(401);
    expect((await notify(app, 'freestyle-queued', { authorization: 'Bearer nope' })).json()).toMatchObject({
      error: { code: 'ADAPTER_UNAUTHORIZED' },
    });
    const basic = `Basic ${Buffer.from(`jenkins:${TOKEN}`).toString('base64')}`;
    expect((await notify(app, 'freestyle-queued', { authorization: basic })).statusCode).toBe(200);
    expect(output.messages).toHaveLength(1);
  });

  it('publishes a whole freestyle build; the triggered event only once, the source change looked up once', async () => {
    const { app, output, lookups } = harness();
    const answers = [];
    for (const phase of ['queued', 'started', 'completed', 'finalized']) {
      const response = await notify(app, `freestyle-${phase}`);
      expect(response.statusCode).toBe(200);
      answers.push(response.json<{ events: { type: string }[] }>().events.map((event) => event.type));
    }
    expect(answers).toEqual([
      ['EiffelActivityTriggeredEvent'],
      ['EiffelActivityStartedEvent'],
      ['EiffelActivityFinishedEvent'],
      ['EiffelActivityFinishedEvent', 'EiffelArtifactCreatedEvent', 'EiffelArtifactCreatedEvent'],
    ]);
    expect(lookups).toEqual(['9f1c2e7d4b8a6c5e3f2a1b0c9d8e7f6a5b4c3d2e']);
    const triggered = JSON.parse(output.messages[0]?.body ?? '{}') as { links: { target: string }[] };
    expect(triggered.links.map((link) => link.target)).toContain(SOURCE_CHANGE);
    expect(output.messages[0]?.routingKey).toMatch(/^eiffel\.activity\.EiffelActivityTriggeredEvent\./);
  });

  it('answers a repeated notification with the same ids and the same bytes', async () => {
    const { app, output } = harness();
    const first = (await notify(app, 'pipeline-started')).json<{ events: { id: string }[] }>();
    const again = (await notify(app, 'pipeline-started')).json<{ events: { id: string }[] }>();
    expect(first.events.map((event) => event.id)).toEqual([
      buildEventId('http://jenkins.example.com/job/deploy-pipeline/12/#913', 'triggered'),
      buildEventId('http://jenkins.example.com/job/deploy-pipeline/12/#913', 'started'),
    ]);
    expect(again.events.map((event) => event.id)).toEqual([first.events[1]?.id]);
    expect(output.messages[2]?.body).toBe(output.messages[1]?.body);
  });

  it('takes the phases of one build one at a time: concurrent QUEUED and STARTED send one triggered event', async () => {
    const { app, output } = harness({ storedDelayMs: 50 });
    const answers = await Promise.all([notify(app, 'freestyle-queued'), notify(app, 'freestyle-started')]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
    const types = output.messages.map(
      (message) => (JSON.parse(message.body) as { meta: { type: string } }).meta.type,
    );
    expect(types).toEqual(['EiffelActivityTriggeredEvent', 'EiffelActivityStartedEvent']);
  });

  it('does not send a triggered event the graph holds already (an adapter restarted mid-build)', async () => {
    const triggered = buildEventId('http://jenkins.example.com/job/deploy-pipeline/12/#913', 'triggered');
    const { app, output, lookups } = harness({ stored: [triggered] });
    const answer = (await notify(app, 'pipeline-started')).json<{
      activity: string;
      events: { type: string }[];
    }>();
    expect(answer.activity).toBe(triggered);
    expect(answer.events.map((event) => event.type)).toEqual(['EiffelActivityStartedEvent']);
    expect(output.messages).toHaveLength(1);
    expect(lookups).toEqual([]);
  });

  it('publishes without the source change link when the lookup has none', async () => {
    const { app, output } = harness({ lookup: { find: () => Promise.resolve(undefined) } });
    expect((await notify(app, 'pipeline-queued')).statusCode).toBe(200);
    expect(JSON.parse(output.messages[0]?.body ?? '{}')).toMatchObject({ links: [] });
  });

  it('lists every bad field of a malformed notification', async () => {
    const { app, output } = harness();
    const response = await app.inject({
      method: 'POST',
      url: '/jenkins/notification',
      headers: bearer,
      payload: { name: 'x', build: { phase: 'DONE', number: -1 } },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; details: { issues: { path: string }[] } } }>();
    expect(body.error.code).toBe('ADAPTER_BAD_REQUEST');
    expect(body.error.details.issues.map((issue) => issue.path).sort()).toEqual([
      'build.number',
      'build.phase',
      'build.timestamp',
    ]);
    expect(output.messages).toEqual([]);
  });

  it('refuses a body that is not JSON or too large', async () => {
    const { app } = harness();
    const notJson = await app.inject({
      method: 'POST',
      url: '/jenkins/notification',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: { code: 'ADAPTER_BAD_REQUEST' } });
    const large = await app.inject({
      method: 'POST',
      url: '/jenkins/notification',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ error: { code: 'ADAPTER_PAYLOAD_TOO_LARGE' } });
  });

  it('answers 503 when the broker does not take the events, and publishes the triggered event on the retry', async () => {
    const { app, output } = harness();
    output.failNext((batch) => retryable('broker down', batch));
    const refused = await notify(app, 'freestyle-queued');
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ error: { code: 'ADAPTER_BROKER_UNAVAILABLE' } });
    const retried = (await notify(app, 'freestyle-queued')).json<{ events: unknown[] }>();
    expect(retried.events).toHaveLength(1);
  });
});

describe('POST /events', () => {
  const post = (app: FastifyInstance, payload: unknown, headers: Record<string, string> = bearer) =>
    app.inject({ method: 'POST', url: '/events', headers, payload: payload as object });

  it('needs the token', async () => {
    const { app } = harness();
    expect((await post(app, validEvent(), {})).statusCode).toBe(401);
  });

  it('publishes one event or many, answering their ids', async () => {
    const { app, output } = harness();
    const one = validEvent('one');
    expect((await post(app, one)).json()).toEqual({
      results: [{ index: 0, status: 'published', id: one.meta.id }],
      published: 1,
      rejected: 0,
      spooled: 0,
      unroutable: [],
    });
    const many = [validEvent('a'), validEvent('b')];
    const response = await post(app, many);
    expect(response.statusCode).toBe(200);
    expect(output.ids()).toEqual([one.meta.id, ...many.map((event) => event.meta.id)]);
  });

  it('takes CDEvents beside Eiffel events, each checked against its own schema', async () => {
    const { app, output } = harness();
    const cdevent = JSON.parse(
      readFileSync(`${fixturesDir}/cdevents/v0.4.1/conformance/artifact_published.json`, 'utf8'),
    ) as { context: { id: string }; subject: { id: unknown } };
    const broken = {
      ...cdevent,
      context: { ...cdevent.context, id: 'other' },
      subject: { ...cdevent.subject, id: 7 },
    };
    const eiffel = validEvent();
    const response = await post(app, [cdevent, eiffel, broken]);
    expect(response.statusCode).toBe(207);
    const body = response.json<{ results: { status: string; id?: string; errors?: { path: string }[] }[] }>();
    expect(body.results.map((result) => [result.status, result.id])).toEqual([
      ['published', cdevent.context.id],
      ['published', eiffel.meta.id],
      ['rejected', 'other'],
    ]);
    expect(body.results[2]?.errors?.map((error) => error.path)).toEqual(['subject.id']);
    expect(output.ids()).toEqual([cdevent.context.id, eiffel.meta.id]);
  });

  it('answers 207 with each invalid event and its reasons when some are valid', async () => {
    const { app, output } = harness();
    const good = validEvent();
    const bad = { ...validEvent(), data: { name: 3 } };
    const response = await post(app, [bad, good, { meta: {} }]);
    expect(response.statusCode).toBe(207);
    const body = response.json<{
      results: { status: string; errors?: { path: string }[] }[];
      published: number;
    }>();
    expect(body.published).toBe(1);
    expect(body.results.map((result) => result.status)).toEqual(['rejected', 'published', 'rejected']);
    expect(body.results[0]?.errors?.map((error) => error.path)).toContain('data.name');
    expect(output.ids()).toEqual([good.meta.id]);
  });

  it('answers 422 when no event is valid, 400 for a body of the wrong shape or size, 415 for one not JSON', async () => {
    const { app, output } = harness();
    const invalid = await post(app, [{ meta: { type: 'EiffelNoSuchEvent' } }]);
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toMatchObject({
      error: { code: 'ADAPTER_INVALID_EVENTS', details: { results: [{ index: 0, status: 'rejected' }] } },
    });
    expect((await post(app, [])).statusCode).toBe(400);
    const tooMany = await post(
      app,
      Array.from({ length: 501 }, () => validEvent()),
    );
    const error = tooMany.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('ADAPTER_BAD_REQUEST');
    expect(error.message).toContain('at most 500');
    const scalar = await app.inject({
      method: 'POST',
      url: '/events',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: '"text"',
    });
    expect(scalar.statusCode).toBe(400);
    // text/plain is refused like any other type that is not JSON, on both endpoints.
    for (const url of ['/events', '/jenkins/notification']) {
      for (const type of ['text/plain', 'application/xml']) {
        const refused = await app.inject({
          method: 'POST',
          url,
          headers: { ...bearer, 'content-type': type },
          payload: JSON.stringify(validEvent()),
        });
        expect(refused.statusCode, `${url} ${type}`).toBe(415);
        expect(refused.json(), `${url} ${type}`).toMatchObject({
          error: { code: 'ADAPTER_UNSUPPORTED_MEDIA_TYPE' },
        });
      }
    }
    expect(output.messages).toEqual([]);
  });
});

describe('health, readiness and metrics', () => {
  it("answers GET / without a token with the index of its URLs (the plugins' too), each answering", async () => {
    const probe: AdapterPlugin = (app, _options, done) => {
      app.get('/probe', () => ({ probed: true }));
      done();
    };
    const { app } = harness({ plugins: [probe] });
    const response = await app.inject('/');
    expect(response.statusCode).toBe(200);
    const index = response.json<{ service: string; links: Record<string, string>; routes: string[] }>();
    expect(index).toEqual({
      service: 'tracey-jenkins-adapter',
      links: { openapi: '/openapi.json', health: '/health', ready: '/ready', metrics: '/metrics' },
      routes: [
        'GET /openapi.json',
        'GET /health',
        'GET /ready',
        'GET /metrics',
        'POST /jenkins/notification',
        'POST /events',
        'GET /probe',
      ],
    });
    for (const link of Object.values(index.links))
      expect((await app.inject(link)).statusCode, link).toBe(200);
  });

  it('answers /health without a token, /ready by the broker', async () => {
    let brokerUp = true;
    const { app } = harness({
      broker: () => (brokerUp ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED'))),
    });
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/ready')).statusCode).toBe(200);
    brokerUp = false;
    expect((await app.inject('/ready')).statusCode).toBe(503);
  });

  it('counts notifications by phase, published events and rejections', async () => {
    const { app } = harness();
    await notify(app, 'pipeline-queued');
    await notify(app, 'pipeline-started');
    await notify(app, 'pipeline-started', {});
    await app.inject({
      method: 'POST',
      url: '/events',
      headers: bearer,
      payload: [validEvent(), { meta: {} }],
    });
    const text = (await app.inject('/metrics')).body;
    expect(text).toContain('tracey_adapter_notifications_total{phase="QUEUED"} 1');
    expect(text).toContain('tracey_adapter_notifications_total{phase="STARTED"} 1');
    expect(text).toContain('tracey_adapter_events_published_total{route="notification"} 2');
    expect(text).toContain('tracey_adapter_events_published_total{route="submission"} 1');
    expect(text).toContain('tracey_adapter_events_rejected_total 1');
    expect(text).toContain('tracey_adapter_requests_rejected_total{code="ADAPTER_UNAUTHORIZED"} 1');
  });
});

describe('plugins', () => {
  it('adds their routes with the guard, starts them when ready, stops them on close', async () => {
    const calls: string[] = [];
    let ready = false;
    const plugin: AdapterPlugin = (app, { context }, done) => {
      app.get('/probe', { onRequest: context.guard('publish') }, () => ({ probed: true }));
      context.addReadyCheck('probe', () => ready);
      app.addHook('onReady', () => {
        calls.push('start');
        return Promise.resolve();
      });
      app.addHook('onClose', () => {
        calls.push('stop');
        return Promise.resolve();
      });
      done();
    };
    const { app } = harness({ plugins: [plugin] });
    expect((await app.inject('/probe')).statusCode).toBe(401);
    expect((await app.inject({ url: '/probe', headers: bearer })).json()).toEqual({ probed: true });
    expect((await app.inject('/ready')).json()).toMatchObject({ error: { code: 'ADAPTER_NOT_READY' } });
    ready = true;
    expect((await app.inject('/ready')).statusCode).toBe(200);
    await app.close();
    open = undefined;
    expect(calls).toEqual(['start', 'stop']);
  });
});
