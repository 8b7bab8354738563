import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { leadTimeStatsAnswer, traceContentsAnswer, traceReleasesAnswer } from '../contract/answers.js';
import { LIMITS } from '../limits.js';
import { leadTimeStats } from '../queries/lead-time-stats.js';
import { traceContents } from '../queries/trace-contents.js';
import { traceReleases } from '../queries/trace-releases.js';
import { answers, READ_ERRORS } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';
import { eventIdParams } from './route-schemas.js';
import { contentsQuery, leadTimeStatsQuery, releasesQuery } from './report-schemas.js';

const readOptions = { timeoutMs: LIMITS.queryTimeoutMs };
const TRACE_TAGS = ['Trace reports'];

/**
 * The reports: `GET /trace/:id/contents` (trace-down from a release), `GET /trace/:id/releases`
 * (trace-up from a change or work item) and `GET /lead-time/stats` (lead time across events).
 */
export function reportRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const onRequest = guard(context, 'read');
  api.get(
    '/trace/:id/contents',
    {
      onRequest,
      schema: {
        tags: TRACE_TAGS,
        summary:
          'Trace-down from a release: its source changes, work items, artifacts and third-party components',
        description:
          'The id is an artifact, composition, confidence level, publication, deployment or environment event. ' +
          'Follows SUBJECT, ARTIFACT, COMPOSITION, ELEMENT, REUSED_ARTIFACT, RUNTIME_ENVIRONMENT, CHANGE and BASE ' +
          'links, and the issue links of source changes (docs/api.md). Complete or refused (422), never cut short. ' +
          'With since: only what this release holds and the earlier one does not.',
        params: eventIdParams,
        querystring: contentsQuery,
        response: answers(traceContentsAnswer, [...READ_ERRORS, 404, 422]),
      },
    },
    async (request) => {
      const { id } = request.params;
      const { since, ...bounds } = request.query;
      return context.graph.read(
        'trace contents',
        (tx) =>
          traceContents(tx, { id, ...bounds, ...(since === undefined ? {} : { since }) }, context.search),
        readOptions,
      );
    },
  );
  api.get(
    '/trace/:id/releases',
    {
      onRequest,
      schema: {
        tags: TRACE_TAGS,
        summary:
          'Trace-up from a source change or work item: the compositions, artifacts, publications, confidence levels and deployments it reached',
        description:
          'The links of the contents report, followed backwards; each event with the time it was reached. ' +
          'With until: only releases up to that release.',
        params: eventIdParams,
        querystring: releasesQuery,
        response: answers(traceReleasesAnswer, [...READ_ERRORS, 404, 422]),
      },
    },
    async (request) => {
      const { id } = request.params;
      const { until, ...bounds } = request.query;
      return context.graph.read(
        'trace releases',
        (tx) =>
          traceReleases(tx, { id, ...bounds, ...(until === undefined ? {} : { until }) }, context.search),
        readOptions,
      );
    },
  );
  api.get(
    '/lead-time/stats',
    {
      onRequest,
      schema: {
        tags: ['Lead time'],
        summary:
          'For each "to" event, the time since the earliest "from" event upstream: count, min, p50, p90, p99, max, mean',
        querystring: leadTimeStatsQuery,
        response: answers(leadTimeStatsAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request) => {
      const query = request.query;
      return context.graph.read(
        'lead time stats',
        (tx) =>
          leadTimeStats(tx, {
            from: query.from,
            to: query.to,
            since: query.since ?? null,
            until: query.until ?? null,
            groupBy: query.groupBy,
            limit: LIMITS.maxNodes,
          }),
        readOptions,
      );
    },
  );
}
