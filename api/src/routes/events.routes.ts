import type { FastifyInstance } from 'fastify';
import { GET_EVENT_CYPHER_FOR_API } from '../queries/event-cypher.js';
import { apiError } from '../api-error.js';
import { parseInput } from '@tracey/http-kit';
import { LIMITS } from '../limits.js';
import { traverse, type Direction } from '../queries/traversal.js';
import { guard, type RouteContext } from './route-context.js';
import { eventIdParams, traversalQuery } from './route-schemas.js';

const readOptions = { timeoutMs: LIMITS.queryTimeoutMs };

/** `GET /events/:id` (Event Repository compatible) and the upstream/downstream traversals. */
export function eventRoutes(app: FastifyInstance, context: RouteContext): void {
  const onRequest = guard(context, 'read');
  app.get(
    '/events/:id',
    {
      onRequest,
      schema: { tags: ['Event Repository'], summary: 'One event, as it was received', params: eventIdParams },
    },
    async (request, reply) => {
      const { id } = parseInput(eventIdParams, request.params, 'path');
      const json = await context.graph.read(
        'get event',
        async (tx) => {
          const result = await tx.run(GET_EVENT_CYPHER_FOR_API, { id });
          return result.records[0]?.get('json') as string | undefined;
        },
        readOptions,
      );
      if (json === undefined) throw apiError('API_NOT_FOUND', `no event with id ${id} is stored`, { id });
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );
  for (const direction of ['upstream', 'downstream'] as const satisfies readonly Direction[]) {
    app.get(
      `/events/:id/${direction}`,
      {
        onRequest,
        schema: {
          tags: ['Traversal'],
          summary: `Nodes and links ${direction} of an event, breadth-first, ready to draw`,
          params: eventIdParams,
          querystring: traversalQuery,
        },
      },
      async (request) => {
        const { id } = parseInput(eventIdParams, request.params, 'path');
        const query = parseInput(traversalQuery, request.query, 'query');
        return context.graph.read(
          direction,
          (tx) =>
            traverse(tx, {
              id,
              direction,
              linkTypes: query.linkTypes === 'ALL' ? undefined : query.linkTypes,
              maxDepth: query.maxDepth,
              stopAt: query.stopAt ?? [],
              limit: query.limit,
            }),
          readOptions,
        );
      },
    );
  }
}
