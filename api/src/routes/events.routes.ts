import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { storedEvent, traversalAnswer } from '../contract/answers.js';
import { GET_EVENT_CYPHER_FOR_API } from '../queries/event-cypher.js';
import { apiError } from '../api-error.js';
import { LIMITS } from '../limits.js';
import { traverse, type Direction } from '../queries/traversal.js';
import { answers, READ_ERRORS, sendJsonText } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';
import { eventIdParams, traversalQuery } from './route-schemas.js';

const readOptions = { timeoutMs: LIMITS.queryTimeoutMs };

/** `GET /events/:id` (Event Repository compatible) and the upstream/downstream traversals. */
export function eventRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const onRequest = guard(context, 'read');
  api.get(
    '/events/:id',
    {
      onRequest,
      schema: {
        tags: ['Event Repository'],
        summary: 'One event, as it was received',
        params: eventIdParams,
        response: answers(storedEvent, [...READ_ERRORS, 404]),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const json = await context.graph.read(
        'get event',
        async (tx) => {
          const result = await tx.run(GET_EVENT_CYPHER_FOR_API, { id });
          return result.records[0]?.get('json') as string | undefined;
        },
        readOptions,
      );
      if (json === undefined) throw apiError('API_NOT_FOUND', `no event with id ${id} is stored`, { id });
      return sendJsonText(reply, json);
    },
  );
  for (const direction of ['upstream', 'downstream'] as const satisfies readonly Direction[]) {
    api.get(
      `/events/:id/${direction}`,
      {
        onRequest,
        schema: {
          tags: ['Traversal'],
          summary: `Nodes and links ${direction} of an event, breadth-first, ready to draw`,
          params: eventIdParams,
          querystring: traversalQuery,
          response: answers(traversalAnswer, [...READ_ERRORS, 404, 422]),
        },
      },
      async (request) => {
        const { id } = request.params;
        const query = request.query;
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
