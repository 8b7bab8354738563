import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { GRAPH_ERROR_CODES } from '@tracey/graph';
import { isTraceyError } from '@tracey/common';
import { apiError } from '../api-error.js';
import { cypherAnswer } from '../contract/answers.js';
import { LIMITS } from '../limits.js';
import { planRefusal } from '../queries/cypher-plan-check.js';
import { explainUserCypher, runUserCypher } from '../queries/read-only-cypher.js';
import { answers, READ_ERRORS } from './route-answers.js';
import { callerOf, guard, type RouteContext } from './route-context.js';
import { cypherBody } from './route-schemas.js';

// Codes for statements the database refused that are the caller's to fix, other than a write
// or a timeout (those the error translator maps).
const CALLER_STATEMENT_ERROR = /^Neo\.ClientError\.(Statement|Procedure|Schema|Request)\./;

/**
 * `POST /cypher {query, params}`: a READ transaction with a timeout and a row cap. The database
 * enforces read-only. Before the statement runs, Neo4j's own plan of it (`EXPLAIN`) is checked
 * so it stays inside the graph: no LOAD CSV, no system-database commands, no procedures beyond
 * the schema look-ups, no `CALL { … } IN TRANSACTIONS` (403 `API_CYPHER_REFUSED`). Nothing here
 * parses the statement's text.
 */
export function cypherRoutes(app: FastifyInstance, context: RouteContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/cypher',
    {
      onRequest: guard(context, 'cypher'),
      schema: {
        tags: ['Cypher'],
        summary: 'Read-only Cypher inside the graph, with a timeout and a row cap (bearer token required)',
        description:
          "Runs in a READ transaction. Refused before it runs (403 API_CYPHER_REFUSED), from Neo4j's own " +
          'plan of the statement: LOAD CSV, administration (system database) commands, SHOW SETTINGS / ' +
          'TRANSACTIONS, TERMINATE, CALL { … } IN TRANSACTIONS, and procedures other than db.labels, ' +
          'db.relationshipTypes, db.propertyKeys, db.schema.*, db.index.fulltext/vector queries and db.ping.',
        security: [{ bearer: [] }],
        body: cypherBody,
        response: answers(cypherAnswer, [...READ_ERRORS, 413, 415, 422]),
      },
    },
    async (request) => {
      const { query, params } = request.body;
      let answer;
      try {
        answer = await context.graph.read(
          'cypher',
          async (tx) => {
            const refusal = planRefusal(await explainUserCypher(tx, query, params));
            if (refusal !== undefined) {
              throw apiError(
                'API_CYPHER_REFUSED',
                `the statement reaches outside the graph: ${refusal.reason}`,
                {
                  ...refusal,
                },
              );
            }
            return runUserCypher(tx, query, params, LIMITS.cypherRows);
          },
          // One managed transaction: Neo4j itself refuses CALL { … } IN TRANSACTIONS in it.
          { timeoutMs: LIMITS.queryTimeoutMs, managed: true },
        );
      } catch (error) {
        throw callerError(error) ?? error;
      }
      if (answer.overCap) {
        throw apiError(
          'API_LIMIT_EXCEEDED',
          `the result has more than ${LIMITS.cypherRows} rows; add a LIMIT or narrow the query`,
          { rowCap: LIMITS.cypherRows },
        );
      }
      // The statement by its hash: the trail says who ran what without holding its text.
      context.audit.record({
        kind: 'cypher',
        actor: callerOf(request),
        queryHash: createHash('sha256').update(query).digest('hex'),
        rows: answer.rows.length,
      });
      return { columns: answer.columns, rows: answer.rows };
    },
  );
}

function callerError(error: unknown) {
  if (!isTraceyError(error, GRAPH_ERROR_CODES.rejected)) return undefined;
  const neo4jCode = error.details['neo4jCode'];
  if (typeof neo4jCode !== 'string' || !CALLER_STATEMENT_ERROR.test(neo4jCode)) return undefined;
  if (neo4jCode === 'Neo.ClientError.Statement.AccessMode') return undefined;
  const cause = error.cause as { message?: unknown } | undefined;
  const message = typeof cause?.message === 'string' ? cause.message : error.message;
  return apiError('API_BAD_REQUEST', `Neo4j rejected the statement: ${message}`, { neo4jCode });
}
