import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError } from '../api-error.js';
import type { LiveEvent, LiveEvents } from '../live/live-events.js';
import { answers, READ_ERRORS } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';

export interface LiveRouteOptions {
  /** Events one slow client may have waiting; beyond it the oldest are dropped (and counted). */
  readonly clientBuffer?: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs?: number;
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * `GET /events/live`: server-sent events, one `event` per event reaching the broker
 * (`{id, type, time, protocol}`), as they arrive. A client that reads slower than events come
 * gets at most `clientBuffer` waiting; what it missed is said in a `dropped` event (`{count}`).
 */
export function liveRoutes(
  app: FastifyInstance,
  context: RouteContext,
  live: LiveEvents,
  options: LiveRouteOptions = {},
): void {
  const clientBuffer = options.clientBuffer ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/events/live',
    {
      onRequest: guard(context, 'read'),
      schema: {
        tags: ['Events'],
        summary: 'New events as they reach the broker, as server-sent events (text/event-stream)',
        description:
          'Each event as `event: event` with data `{id, type, time, protocol}`; after a slow read, `event: dropped` with data `{count}`. Stored in the graph a moment later (the aggregator writes it).',
        response: answers(z.string().describe('text/event-stream'), READ_ERRORS),
      },
    },
    async (request, reply) => {
      const raw = reply.raw;
      const waiting: LiveEvent[] = [];
      let open = false;
      let congested = false;
      let dropped = 0;
      const write = (text: string) => {
        if (!raw.write(text)) congested = true;
      };
      const push = (event: LiveEvent) => {
        if (!open || congested) {
          if (waiting.length >= clientBuffer) {
            waiting.shift();
            dropped++;
          }
          waiting.push(event);
          return;
        }
        write(frame('event', event));
      };
      let stopListening: () => void;
      try {
        stopListening = await live.listen(push);
      } catch {
        throw apiError('API_UNAVAILABLE', 'live events come from the broker, which does not answer', {});
      }
      const flush = () => {
        congested = false;
        if (dropped > 0) {
          write(frame('dropped', { count: dropped }));
          dropped = 0;
        }
        while (!congested && waiting.length > 0) {
          const next = waiting.shift();
          if (next !== undefined) write(frame('event', next));
        }
      };
      void reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 3000\n\n');
      open = true;
      flush();
      raw.on('drain', flush);
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), heartbeatMs);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        stopListening();
      });
    },
  );
}
