import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { EventPublisher } from '@tracey/intake';
import { BUILT_IN_MAPPERS } from '@tracey/mapping';
import { kubernetesFixture } from '@tracey/mapping/testing';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { retryable } from '@tracey/producer-core';
import { cdeventsConformanceExamples } from '@tracey/schemas/testing';
import type { CloudEventsAnswer } from '../answers.js';
import { buildWebhookApp } from '../build-app.js';

const TOKEN = 'webhook-s3cret';
const bearer = { authorization: `Bearer ${TOKEN}` };
const logger = createLogger({ name: 'webhook-test', level: 'silent' });
type Json = Record<string, unknown>;
interface CdEvent extends Json {
  context: Json & { id: string; type: string; source: string; timestamp: string };
}

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function harness() {
  const output = new MemoryOutput();
  const app = buildWebhookApp({
    token: TOKEN,
    logger,
    mappers: BUILT_IN_MAPPERS,
    publisher: new EventPublisher(output),
    brokerReady: () => Promise.resolve(),
  });
  open = app;
  return { app, output };
}

/** A CDEvent (a conformance example) with a fresh id. */
function cdEvent(type = 'dev.cdevents.service.deployed.0.2.0'): CdEvent {
  const example = cdeventsConformanceExamples({ id: () => randomUUID() }).find(
    ({ event }) => (event as CdEvent).context.type === type,
  );
  if (example === undefined) throw new Error(`no conformance example of ${type}`);
  return example.event;
}

/** The CloudEvent (structured, JSON) that carries `event`. */
const structured = (event: CdEvent): Json => ({
  specversion: '1.0',
  id: event.context.id,
  source: event.context.source,
  type: event.context.type,
  time: event.context.timestamp,
  datacontenttype: 'application/json',
  data: event,
});

interface ErrorAnswer {
  error: { code: string; message: string; details: { results: CloudEventsAnswer['results'] } };
}
const answer = (response: { json: <T>() => T }) => response.json<CloudEventsAnswer>();
const failure = (response: { json: <T>() => T }) => response.json<ErrorAnswer>();

const publishedIds = (output: MemoryOutput) => output.ids();

describe('POST /cloudevents', () => {
  it('takes a structured CloudEvent carrying a CDEvent: 200, published with its id', async () => {
    const { app, output } = harness();
    const event = cdEvent();
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents+json; charset=utf-8' },
      payload: JSON.stringify(structured(event)),
    });
    expect(response.statusCode).toBe(200);
    expect(answer(response)).toEqual({
      results: [{ index: 0, status: 'published', id: event.context.id, cloudEventId: event.context.id }],
      published: 1,
      rejected: 0,
      ignored: 0,
      spooled: 0,
      unroutable: [],
    });
    expect(publishedIds(output)).toEqual([event.context.id]);
  });

  it('takes a binary-mode CloudEvent (ce-* headers, the CDEvent as the body)', async () => {
    const { app, output } = harness();
    const event = cdEvent('dev.cdevents.pipelinerun.finished.0.2.0');
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: {
        ...bearer,
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        // CDEvents' CloudEvents binding: the CloudEvent's id is the CDEvent's.
        'ce-id': event.context.id,
        'ce-source': event.context.source,
        'ce-type': event.context.type,
        'ce-time': event.context.timestamp,
      },
      payload: JSON.stringify(event),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(answer(response).results).toEqual([
      { index: 0, status: 'published', id: event.context.id, cloudEventId: event.context.id },
    ]);
    expect(publishedIds(output)).toEqual([event.context.id]);
  });

  it('takes a batch: every CloudEvent by its index', async () => {
    const { app, output } = harness();
    const events = [cdEvent(), cdEvent('dev.cdevents.artifact.published.0.2.0')];
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents-batch+json' },
      payload: JSON.stringify(events.map(structured)),
    });
    expect(response.statusCode).toBe(200);
    expect(answer(response).results.map((result: Json) => [result['index'], result['id']])).toEqual([
      [0, events[0]?.context.id],
      [1, events[1]?.context.id],
    ]);
    expect(publishedIds(output)).toEqual(events.map((event) => event.context.id));
  });

  it('answers a mixed batch with 207, naming the attribute or field of each rejected item', async () => {
    const { app, output } = harness();
    const good = cdEvent();
    const { source: _source, ...noSource } = structured(cdEvent());
    const badCdEvent = cdEvent();
    delete (badCdEvent.context as Json)['source'];
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents-batch+json' },
      payload: JSON.stringify([
        structured(good),
        noSource,
        { ...structured(badCdEvent), source: 'https://example.org/x' },
        'not an object',
      ]),
    });
    expect(response.statusCode).toBe(207);
    const body = answer(response);
    expect(body).toMatchObject({ published: 1, rejected: 3, ignored: 0 });
    expect(body.results[0]).toMatchObject({ index: 0, status: 'published', id: good.context.id });
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected', errors: [{ path: 'source' }] });
    expect(body.results[1]?.errors?.[0]?.message).toContain('source');
    expect(body.results[2]).toMatchObject({ index: 2, status: 'rejected', id: badCdEvent.context.id });
    expect(body.results[2]?.errors?.map((issue) => issue.path)).toContain('data.context.source');
    expect(body.results[3]).toMatchObject({
      index: 3,
      status: 'rejected',
      errors: [{ path: '', message: 'a CloudEvent must be a JSON object' }],
    });
    expect(publishedIds(output)).toEqual([good.context.id]);
  });

  it('refuses a CloudEvent no mapper takes: 422 ADAPTER_INVALID_EVENTS naming type', async () => {
    const { app, output } = harness();
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents+json' },
      payload: JSON.stringify({
        specversion: '1.0',
        id: 'x-1',
        source: 'https://example.org/tool',
        type: 'org.example.build.done',
        time: '2026-01-01T00:00:00Z',
        data: { ok: true },
      }),
    });
    expect(response.statusCode).toBe(422);
    const error = failure(response).error;
    expect(error.code).toBe('ADAPTER_INVALID_EVENTS');
    expect(error.details.results).toEqual([
      {
        index: 0,
        status: 'rejected',
        cloudEventId: 'x-1',
        errors: [
          { path: 'type', message: expect.stringContaining('no mapper takes CloudEvents of type') as string },
        ],
      },
    ]);
    expect(output.ids()).toEqual([]);
  });

  it('refuses a Kubernetes CloudEvent sent without time: the SDK does not make one up', async () => {
    const { app, output } = harness();
    const { time: _time, ...timeless } = kubernetesFixture('deployment-add');
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents+json' },
      payload: JSON.stringify(timeless),
    });
    expect(response.statusCode).toBe(422);
    expect(failure(response).error.details.results[0]?.errors).toEqual([
      { path: 'time', message: expect.any(String) as string },
    ]);
    expect(output.ids()).toEqual([]);
  });

  it('maps a Kubernetes Deployment add to a CDEvent, ignores a status-only update (with the reason)', async () => {
    const { app, output } = harness();
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents-batch+json' },
      payload: JSON.stringify([
        kubernetesFixture('deployment-add'),
        kubernetesFixture('deployment-update-status-only'),
      ]),
    });
    expect(response.statusCode).toBe(200);
    const body = answer(response);
    expect(body).toMatchObject({ published: 1, rejected: 0, ignored: 1 });
    expect(body.results[0]).toMatchObject({ index: 0, status: 'published' });
    expect(body.results[1]).toMatchObject({
      index: 1,
      status: 'ignored',
      reason: expect.any(String) as string,
    });
    expect(body.results[1]?.reason?.length).toBeGreaterThan(0);
    const published = JSON.parse(output.messages[0]?.body ?? '{}') as CdEvent;
    expect(published.context.type).toMatch(/^dev\.cdevents\.service\.deployed\./);
    expect(output.ids()).toEqual([body.results[0]?.id]);
  });

  it('refuses a binary-mode CloudEvent without ce-source, naming source', async () => {
    const { app, output } = harness();
    const event = cdEvent();
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: {
        ...bearer,
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': event.context.id,
        'ce-type': event.context.type,
        'ce-time': event.context.timestamp,
      },
      payload: JSON.stringify(event),
    });
    expect(response.statusCode).toBe(422);
    expect(failure(response).error.details.results[0]?.errors).toEqual([
      { path: 'source', message: expect.stringContaining('source') as string },
    ]);
    expect(output.ids()).toEqual([]);
  });

  it('answers 503 ADAPTER_BROKER_UNAVAILABLE when the broker does not take the CDEvents; the retry publishes', async () => {
    const { app, output } = harness();
    output.failNext((batch) => retryable('broker down', batch));
    const event = cdEvent();
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/cloudevents',
        headers: { ...bearer, 'content-type': 'application/cloudevents+json' },
        payload: JSON.stringify(structured(event)),
      });
    const refused = await send();
    expect(refused.statusCode).toBe(503);
    expect(failure(refused).error.code).toBe('ADAPTER_BROKER_UNAVAILABLE');
    expect((await send()).statusCode).toBe(200);
    expect(output.ids()).toEqual([event.context.id]);
  });

  it('answers 401 ADAPTER_UNAUTHORIZED without the token, and publishes nothing', async () => {
    const { app, output } = harness();
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { 'content-type': 'application/cloudevents+json' },
      payload: JSON.stringify(structured(cdEvent())),
    });
    expect(response.statusCode).toBe(401);
    expect(failure(response).error.code).toBe('ADAPTER_UNAUTHORIZED');
    const wrong = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/cloudevents+json' },
      payload: JSON.stringify(structured(cdEvent())),
    });
    expect(wrong.statusCode).toBe(401);
    expect(output.ids()).toEqual([]);
  });

  it('answers 415 ADAPTER_UNSUPPORTED_MEDIA_TYPE for a body that is no CloudEvent', async () => {
    const { app } = harness();
    for (const contentType of ['application/json', 'text/plain', 'application/cloudevents+protobuf']) {
      const response = await app.inject({
        method: 'POST',
        url: '/cloudevents',
        headers: { ...bearer, 'content-type': contentType },
        payload: JSON.stringify(structured(cdEvent())),
      });
      expect(response.statusCode, contentType).toBe(415);
      expect(failure(response).error.code).toBe('ADAPTER_UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers 400 ADAPTER_BAD_REQUEST for a structured body that is no JSON, or a batch over 500', async () => {
    const { app } = harness();
    const notJson = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents+json' },
      payload: '{not json',
    });
    expect(notJson.statusCode).toBe(400);
    expect(failure(notJson).error.message).toContain('must be JSON');
    const tooMany = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents-batch+json' },
      payload: JSON.stringify(Array.from({ length: 501 }, () => ({}))),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(failure(tooMany).error.message).toContain('at most 500');
  });

  it('answers 413 ADAPTER_PAYLOAD_TOO_LARGE over the body limit', async () => {
    const { app } = harness();
    const response = await app.inject({
      method: 'POST',
      url: '/cloudevents',
      headers: { ...bearer, 'content-type': 'application/cloudevents+json' },
      payload: JSON.stringify({ data: 'x'.repeat(9 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(failure(response).error.code).toBe('ADAPTER_PAYLOAD_TOO_LARGE');
  });

  it('documents POST /cloudevents in /openapi.json', async () => {
    const { app } = harness();
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const operation = response.json<{ paths: Record<string, { post: { responses: object } }> }>().paths[
      '/cloudevents'
    ]?.post;
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '202', '207', '401', '413', '415', '422', '503']),
    );
  });
});
