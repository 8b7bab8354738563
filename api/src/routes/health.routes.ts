import type { FastifyInstance } from 'fastify';
import { errorAnswer, healthAnswer, readyAnswer } from '../contract/answers.js';
import { guard, type RouteContext } from './route-context.js';

/** `/health` (the process answers) and `/ready` (Neo4j answers too). */
export function healthRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get(
    '/health',
    {
      onRequest: guard(context, 'public'),
      schema: { tags: ['Operations'], summary: 'The process answers', response: { 200: healthAnswer } },
    },
    (_request, reply) => {
      void reply.send({ status: 'ok' });
    },
  );
  app.get(
    '/ready',
    {
      onRequest: guard(context, 'public'),
      schema: {
        tags: ['Operations'],
        summary: 'The process and Neo4j answer',
        response: { 200: readyAnswer, 503: errorAnswer },
      },
    },
    async (_request, reply) => {
      try {
        await context.graph.ping();
        return { status: 'ready' };
      } catch (error) {
        app.log.warn({ err: error }, 'not ready: Neo4j does not answer');
        return reply.code(503).send({
          error: { code: 'API_UNAVAILABLE', message: 'the graph database does not answer', details: {} },
        });
      }
    },
  );
}
