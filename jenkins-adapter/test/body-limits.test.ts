import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AmqpTestBroker,
  declareTestTopology,
  testServices,
  waitUntil,
  type TestTopology,
} from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import type { AdapterService } from '../src/adapter-service.js';
import { startTestAdapter } from './support/adapter-pipeline.js';

// docs/errors.md: 413 ADAPTER_PAYLOAD_TOO_LARGE over the endpoint's limit — 1 MiB a notification,
// 8 MiB `POST /events`. The figures are written out, not read from the adapter's LIMITS.
const EVENTS_LIMIT = 8 * 1024 * 1024;
const NOTIFICATION_LIMIT = 1024 * 1024;
const TOKEN = 'adapter-limits-token';

describe('the Jenkins adapter at its documented body limits', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let topology: TestTopology;
  let published: string;
  let adapter: AdapterService & { url: string };

  beforeAll(async () => {
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'adapter-limits');
    published = await broker.boundQueue(topology.exchange, ['#'], 'adapter-limits-published');
    // Nothing here asks the query API; the URL only has to be valid.
    adapter = await startTestAdapter(services, topology, { apiUrl: 'http://127.0.0.1:9', token: TOKEN });
  });

  afterAll(async () => {
    await adapter?.stop();
    await broker?.cleanup();
  });

  /** A body of exactly `bytes` bytes: one valid event, padded with JSON whitespace. */
  function paddedEvents(bytes: number): { body: string; id: string } {
    const event = eiffelEvent('EiffelArtifactCreatedEvent', {
      identity: 'pkg:npm/%40acme/limits@1.0.0',
    }).build();
    const json = JSON.stringify([event]);
    return { body: json + ' '.repeat(bytes - Buffer.byteLength(json)), id: event.meta.id };
  }

  const post = (path: string, body: string) =>
    fetch(`${adapter.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body,
    });

  it('publishes a POST /events body of exactly 8 MiB', async () => {
    const { body, id } = paddedEvents(EVENTS_LIMIT);
    expect(Buffer.byteLength(body)).toBe(EVENTS_LIMIT);
    const response = await post('/events', body);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ published: 1, results: [{ status: 'published', id }] });
    await waitUntil(
      'the event on the exchange',
      async () => (await broker.channel.checkQueue(published)).messageCount === 1,
    );
  });

  it('refuses one byte more with 413 ADAPTER_PAYLOAD_TOO_LARGE and publishes nothing', async () => {
    const before = (await broker.channel.checkQueue(published)).messageCount;
    const { body } = paddedEvents(EVENTS_LIMIT + 1);
    const response = await post('/events', body);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'ADAPTER_PAYLOAD_TOO_LARGE',
    );
    expect((await broker.channel.checkQueue(published)).messageCount).toBe(before);
  });

  it('refuses a notification over 1 MiB with 413 ADAPTER_PAYLOAD_TOO_LARGE', async () => {
    const response = await post('/jenkins/notification', `{"name":"job"}${' '.repeat(NOTIFICATION_LIMIT)}`);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'ADAPTER_PAYLOAD_TOO_LARGE',
    );
  });

  it('answers a path no route has with 404 ADAPTER_NOT_FOUND', async () => {
    const response = await fetch(`${adapter.url}/no-such-route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'ADAPTER_NOT_FOUND', message: 'no route GET /no-such-route', details: {} },
    });
  });
});
