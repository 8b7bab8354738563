import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditAnswer } from '../contract/answers.js';
import { answers, READ_ERRORS } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(100).describe('Most entries, newest first.'),
  kind: z.enum(['request', 'refused', 'cypher', 'trigger']).optional().describe('Only entries of this kind.'),
});

/** `GET /audit` (scope `admin`): the newest entries of the audit trail. */
export function auditRoutes(app: FastifyInstance, context: RouteContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit',
    {
      onRequest: guard(context, 'admin'),
      schema: {
        tags: ['Operations'],
        summary: 'The audit trail: calls by token name, refusals, Cypher statements by hash; newest first',
        querystring: auditQuery,
        response: answers(auditAnswer, READ_ERRORS),
      },
    },
    (request) => ({ entries: context.audit.recent(request.query.limit, request.query.kind) }),
  );
}
