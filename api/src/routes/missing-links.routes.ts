import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { missingLinksAnswer } from '../contract/answers.js';
import { LIMITS } from '../limits.js';
import { answers, READ_ERRORS } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';

/** Query of `GET /missing-links`. */
export const missingLinksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).default(100),
});

/**
 * `GET /missing-links`: events that others link to but that never arrived (placeholders), oldest
 * first, with their age and the events linking to them. A lasting entry is an event lost
 * upstream or one from a domain Tracey does not receive.
 */
export function missingLinksRoutes(app: FastifyInstance, context: RouteContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/missing-links',
    {
      onRequest: guard(context, 'read'),
      schema: {
        tags: ['Events'],
        summary: 'Link targets that never arrived, oldest first, with their age and who links to them',
        querystring: missingLinksQuery,
        response: answers(missingLinksAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request) => {
      const { limit } = request.query;
      const items = await context.graph.missingLinkTargets(limit, { timeoutMs: LIMITS.queryTimeoutMs });
      return { items };
    },
  );
}
