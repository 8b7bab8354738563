import type { FastifyInstance } from 'fastify';
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { MISSING_TARGETS_CYPHER } from '@tracey/aggregator';
import { parseInput } from '../http/parse-input.js';
import { LIMITS } from '../limits.js';
import { guard, type RouteContext } from './route-context.js';

/** Query of `GET /missing-links`. */
export const missingLinksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).default(100),
});

interface MissingLink {
  readonly id: string;
  readonly since: number;
  readonly ageMs: number;
  readonly linkedFrom: readonly { source: string; sourceType: string; linkType: string }[];
}

/**
 * `GET /missing-links`: events that others link to but that never arrived (placeholders), oldest
 * first, with their age and the events linking to them. A lasting entry is an event lost
 * upstream or one from a domain Tracey does not receive.
 */
export function missingLinksRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get(
    '/missing-links',
    {
      onRequest: guard(context, 'read'),
      schema: {
        tags: ['Events'],
        summary: 'Link targets that never arrived, oldest first, with their age and who links to them',
        querystring: missingLinksQuery,
      },
    },
    async (request) => {
      const { limit } = parseInput(missingLinksQuery, request.query, 'query');
      const now = Date.now();
      const items = await context.graph.read(
        'missing links',
        async (tx) => {
          const result = await tx.run(MISSING_TARGETS_CYPHER, { limit: neo4j.int(limit) });
          return result.records.map((record): MissingLink => {
            const since = record.get('since') as number;
            return {
              id: record.get('id') as string,
              since,
              ageMs: Math.max(0, now - since),
              linkedFrom: record.get('linkedFrom') as MissingLink['linkedFrom'],
            };
          });
        },
        { timeoutMs: LIMITS.queryTimeoutMs },
      );
      return { items };
    },
  );
}
