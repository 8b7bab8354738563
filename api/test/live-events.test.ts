import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, LiveEvents } from '@tracey/api';
import { EventGraph, type GraphReader } from '@tracey/graph';
import { buildCdEvent, eiffelEvent } from '@tracey/schemas';
import { AmqpTestBroker, freePort, testServices, waitUntil } from '@tracey/testing';

// Issue 21 (live view): GET /events/live streams every event published to the broker, in order,
// to a reader with the read scope; a reader too slow for the stream gets at most its buffer and
// is told how many it missed — nothing is silently lost, and memory stays bounded.

const TOKEN = 'live-events-test-token-0123456789';

interface Frames {
  events: { id: string; type: string; time: number; protocol: string }[];
  dropped: number;
  response: IncomingMessage;
  close(): void;
}

/** Opens the stream and collects its frames (paused: nothing read until `resume`). */
function openStream(base: string, paused = false): Promise<Frames> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${base}/events/live`,
      { headers: { authorization: `Bearer ${TOKEN}` } },
      (response) => {
        const frames: Frames = { events: [], dropped: 0, response, close: () => request.destroy() };
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1] ?? 'null';
            if (name === 'event') frames.events.push(JSON.parse(data) as Frames['events'][number]);
            if (name === 'dropped') frames.dropped += (JSON.parse(data) as { count: number }).count;
            end = buffer.indexOf('\n\n');
          }
        });
        if (paused) response.pause();
        resolve(frames);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('GET /events/live', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let exchange: string;
  let live: LiveEvents;
  let app: FastifyInstance;
  let graph: GraphReader;
  let base: string;

  beforeAll(async () => {
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    exchange = await broker.topicExchange('api-live');
    const logger = pino({ level: 'silent' });
    // A queue long enough for the flood below: what the broker would drop is not the API's to count.
    live = new LiveEvents({ url: services.amqpUrl, exchange, logger, maxQueued: 500_000 });
    graph = EventGraph.connectReader({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    });
    app = buildApp({
      graph,
      config: { apiToken: TOKEN, readAuth: 'required' },
      logger,
      live,
      liveOptions: { clientBuffer: 100 },
      ui: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  afterAll(async () => {
    await app?.close();
    await graph?.close();
    await broker?.cleanup();
  });

  const publish = (events: readonly object[]) => {
    for (const event of events)
      broker.channel.publish(exchange, 'eiffel.test', Buffer.from(JSON.stringify(event)));
  };

  it('needs the read scope, as the OpenAPI document says', async () => {
    expect((await fetch(`${base}/events/live`)).status).toBe(401);
    expect((await fetch(`${base}/events/live`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-tracey-scope'?: string }>>;
    };
    expect(document.paths['/events/live']?.['get']?.['x-tracey-scope']).toBe('read');
  });

  it('streams each published event, Eiffel and CDEvents, in the order published', async () => {
    const stream = await openStream(base);
    try {
      const sent = [
        ...Array.from({ length: 20 }, (_, i) =>
          eiffelEvent(
            'EiffelArtifactCreatedEvent',
            { identity: `pkg:npm/live@1.0.${i}` },
            { time: 1_800_000_000_000 + i },
          ).build(),
        ),
        buildCdEvent({
          type: 'dev.cdevents.service.deployed.0.3.0',
          source: '/live-test',
          subject: {
            id: 'svc',
            content: { environment: { id: 'production' }, artifactId: 'pkg:npm/live@1.0.0' },
          },
        }),
      ] as {
        meta?: { id: string; type: string; time: number };
        context?: { id: string; type: string; timestamp: string };
      }[];
      publish(sent);
      // Not JSON, and JSON that is no event: not streamed, the stream goes on.
      broker.channel.publish(exchange, 'x', Buffer.from('not json'));
      broker.channel.publish(exchange, 'x', Buffer.from('{"hello": 1}'));
      await waitUntil(
        'the events streamed',
        () => Promise.resolve(stream.events.length >= sent.length),
        10_000,
      );
      expect(stream.events).toEqual(
        sent.map((event) =>
          event.meta !== undefined
            ? { id: event.meta.id, type: event.meta.type, time: event.meta.time, protocol: 'eiffel' }
            : {
                id: event.context?.id,
                type: event.context?.type,
                time: Date.parse(event.context?.timestamp ?? ''),
                protocol: 'cdevents',
              },
        ),
      );
      expect(stream.dropped).toBe(0);
    } finally {
      stream.close();
    }
    await waitUntil('the last listener gone', () => Promise.resolve(live.listening === 0), 5_000);
  });

  it('gives a reader too slow for the stream its buffer and the count of what it missed', async () => {
    const slow = await openStream(base, true);
    // More than the socket buffers of both ends hold (Linux lets them grow to several MiB).
    const count = 100_000;
    try {
      const sent = Array.from({ length: count }, (_, i) =>
        eiffelEvent(
          'EiffelArtifactCreatedEvent',
          { identity: `pkg:npm/flood@1.0.${i}` },
          { time: 1_800_000_000_000 + i },
        ).build(),
      );
      const before = live.delivered;
      publish(sent);
      // The API reads the broker all along, whoever sleeps: all of it reaches the API first.
      await waitUntil(
        'the API has every event',
        () => Promise.resolve(live.delivered - before >= count),
        60_000,
      );
      slow.response.resume();
      await waitUntil(
        'everything accounted for',
        () => Promise.resolve(slow.events.length + slow.dropped >= count),
        20_000,
      );
      expect(slow.events.length + slow.dropped).toBe(count);
      expect(slow.dropped).toBeGreaterThan(0);
      // What arrives keeps the order published; what was dropped is the oldest of a wait.
      const order = new Map(sent.map((event, index) => [event.meta.id, index]));
      const indexes = slow.events.map((event) => order.get(event.id) ?? -1);
      expect(indexes.every((index, i) => index >= 0 && (i === 0 || index > (indexes[i - 1] ?? -1)))).toBe(
        true,
      );
      expect(indexes.at(-1)).toBe(count - 1);
    } finally {
      slow.close();
    }
  });

  it('answers 503 naming the broker when it cannot be reached', async () => {
    const port = await freePort();
    const logger = pino({ level: 'silent' });
    const nowhere = buildApp({
      graph,
      config: { apiToken: TOKEN, readAuth: 'required' },
      logger,
      live: new LiveEvents({ url: `amqp://guest:guest@127.0.0.1:${port}`, exchange, logger }),
      ui: false,
    });
    try {
      const answer = await nowhere.inject({
        method: 'GET',
        url: '/events/live',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(answer.statusCode).toBe(503);
      expect(answer.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'API_UNAVAILABLE',
        message: expect.stringContaining('broker') as string,
      });
    } finally {
      await nowhere.close();
    }
  });
});
