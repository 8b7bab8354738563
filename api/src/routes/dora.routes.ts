import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TraceyError } from '@tracey/common';
import {
  changeJourney,
  computeDora,
  periodStart,
  DORA_ERROR_CODES,
  teamServices,
  type DoraConfig,
  type DoraQuery,
  type DoraResult,
} from '@tracey/dora';
import { apiError } from '../api-error.js';
import {
  deployFrequencyAnswer,
  doraAnswer,
  doraChangeAnswer,
  doraDeploymentsAnswer,
  doraIncidentsAnswer,
} from '../contract/answers.js';
import { LIMITS } from '../limits.js';
import { answers, READ_ERRORS } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';
import { timeParameter } from './route-schemas.js';

const DAY_MS = 86_400_000;
const DEFAULT_WINDOW_MS = 90 * DAY_MS;
// The shortest length of each period: a window over LIMITS.doraPeriods of them is refused.
const PERIOD_MS = { day: DAY_MS, week: 7 * DAY_MS, month: 28 * DAY_MS, year: 365 * DAY_MS } as const;

const time = timeParameter;
const name = z.string().min(1).max(500).optional();

const doraQueryShape = {
  service: name.describe('Only this service (CDEvents subject id; an Eiffel artifact purl without version).'),
  environment: name.describe(
    'Only this environment; default: the production environments (TRACEY_DORA_CONFIG).',
  ),
  team: name.describe("Only the services of this team of the DORA config's teams."),
  since: time.describe('Start of the window (ISO 8601 or ms); default 90 days before until.'),
  until: time.describe('End of the window, excluded (ISO 8601 or ms); default now.'),
  groupBy: z
    .enum(['day', 'week', 'month', 'year'])
    .optional()
    .describe('Also give the keys per period (UTC; weeks start on Monday).'),
};
const sinceBeforeUntil = (query: { since?: number | undefined; until?: number | undefined }) =>
  query.since === undefined || query.until === undefined || query.since < query.until;
const untilAfterSince = { path: ['until'], message: 'must be later than since' };

/** Query of `GET /dora`, `/dora/deployments` and `/dora/incidents`. */
export const doraQuery = z.object(doraQueryShape).refine(sinceBeforeUntil, untilAfterSince);

/** Query of `GET /dora/incidents`: the DORA scope, and which incidents by their state. */
const doraIncidentsQuery = z
  .object({
    ...doraQueryShape,
    status: z
      .enum(['open', 'resolved'])
      .optional()
      .describe(
        "Only incidents not resolved yet (open: em-metrics' GET /incidents?type=in-progress), or only resolved ones.",
      ),
  })
  .refine(sinceBeforeUntil, untilAfterSince);

/** The DORA config and the computation's bounds, as `buildApp` gets them. */
export interface DoraRouteOptions {
  readonly config: DoraConfig;
  readonly now: () => number;
}

/**
 * `GET /dora` (the five keys, tiers, per period), `/dora/deployments` (each with its delta) and
 * `/dora/incidents` (each with its cause and the method): computed from the graph at query time.
 */
export function doraRoutes(app: FastifyInstance, context: RouteContext, options: DoraRouteOptions): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const onRequest = guard(context, 'read');
  // `releaseStage`: each change's first deployment anywhere, for the stages of /dora/deployments.
  const compute = async (query: z.output<typeof doraQuery>, releaseStage = false): Promise<DoraResult> => {
    if (query.team !== undefined && teamServices(options.config, query.team) === undefined) {
      throw apiError(
        'API_BAD_REQUEST',
        `invalid query parameter team: no team "${query.team}" in the DORA config`,
        {
          parameter: 'team',
        },
      );
    }
    const until = query.until ?? options.now();
    const since = query.since ?? until - DEFAULT_WINDOW_MS;
    if (since >= until) {
      throw apiError('API_BAD_REQUEST', 'invalid query parameter since: must be earlier than until', {
        parameter: 'since',
      });
    }
    if (query.groupBy !== undefined && (until - since) / PERIOD_MS[query.groupBy] > LIMITS.doraPeriods) {
      throw apiError(
        'API_LIMIT_EXCEEDED',
        `invalid query parameter groupBy: more than ${LIMITS.doraPeriods} periods of a ${query.groupBy} between since and until`,
        { parameter: 'groupBy', limit: LIMITS.doraPeriods },
      );
    }
    const request: DoraQuery = { ...query, since, until, releaseStage };
    try {
      return await computeDora(context.graph, options.config, request, {
        clockSkewMs: context.search.clockSkewMs,
        deltaBudget: context.search.searchBudget,
        timeoutMs: LIMITS.queryTimeoutMs,
      });
    } catch (error) {
      if (error instanceof TraceyError && error.code === DORA_ERROR_CODES.limitExceeded) {
        throw apiError('API_LIMIT_EXCEEDED', error.message, { ...error.details });
      }
      throw error;
    }
  };
  const scope = (result: DoraResult) => ({
    since: new Date(result.since).toISOString(),
    until: new Date(result.until).toISOString(),
    services: result.services === null ? null : [...result.services],
    environment: result.environment,
  });

  api.get(
    '/dora',
    {
      onRequest,
      schema: {
        tags: ['DORA'],
        summary: 'The DORA keys of a service, environment or team: value, sample, tiers, per period',
        querystring: doraQuery,
        response: answers(doraAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request) => {
      const result = await compute(request.query);
      return {
        ...scope(result),
        keys: result.keys,
        groups: result.groups.map(({ period, keys }) => ({
          period: new Date(period).toISOString().slice(0, 10),
          keys,
        })),
      };
    },
  );
  api.get(
    '/dora/deployments',
    {
      onRequest,
      schema: {
        tags: ['DORA'],
        summary:
          'Deployments of the window, each with its changes (the delta), lead times, outcome and incidents',
        querystring: doraQuery,
        response: answers(doraDeploymentsAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request) => {
      const result = await compute(request.query, true);
      return {
        ...scope(result),
        deployments: result.deployments.map((d) => ({
          ...d,
          incidents: [...d.incidents],
          changes: d.changes.map((change) => ({ ...change, eventIds: [...change.eventIds] })),
        })),
      };
    },
  );
  api.get(
    '/deploy-frequency/:period',
    {
      onRequest,
      schema: {
        tags: ['DORA'],
        summary:
          'Successful deployments per service and day, week, month or year: the shape of the CloudEvents DORA dashboards',
        params: z.object({ period: z.enum(['day', 'week', 'month', 'year']) }),
        querystring: doraQuery,
        response: answers(deployFrequencyAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request) => {
      const { period } = request.params;
      const result = await compute({ ...request.query, groupBy: undefined });
      const counts = new Map<string, { DeployName: string; Deployments: number; Time: string }>();
      for (const deployment of result.deployments) {
        if (deployment.outcome !== 'success') continue;
        const time = new Date(periodStart(deployment.time, period)).toISOString();
        const key = `${deployment.service}\u0000${time}`;
        const row = counts.get(key) ?? { DeployName: deployment.service, Deployments: 0, Time: time };
        row.Deployments++;
        counts.set(key, row);
      }
      return [...counts.values()].sort(
        (a, b) => a.Time.localeCompare(b.Time) || a.DeployName.localeCompare(b.DeployName),
      );
    },
  );
  api.get(
    '/dora/changes/:id',
    {
      onRequest,
      schema: {
        tags: ['DORA'],
        summary:
          'Where a change went: per environment, the first successful deployment that delivered it, when, and its lead time',
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: z
          .object({
            service: name.describe('Only deployments of this service.'),
            since: time.describe('Start of the window (ISO 8601 or ms); default 90 days before until.'),
            until: time.describe('End of the window, excluded (ISO 8601 or ms); default now.'),
          })
          .refine(
            (query) => query.since === undefined || query.until === undefined || query.since < query.until,
            { path: ['until'], message: 'must be later than since' },
          ),
        response: answers(doraChangeAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request) => {
      const until = request.query.until ?? options.now();
      const since = request.query.since ?? until - DEFAULT_WINDOW_MS;
      try {
        const journey = await changeJourney(
          context.graph,
          options.config,
          { id: request.params.id, since, until, service: request.query.service },
          {
            clockSkewMs: context.search.clockSkewMs,
            deltaBudget: context.search.searchBudget,
            timeoutMs: LIMITS.queryTimeoutMs,
          },
        );
        return {
          id: request.params.id,
          since: new Date(since).toISOString(),
          until: new Date(until).toISOString(),
          change:
            journey.change === null ? null : { ...journey.change, eventIds: [...journey.change.eventIds] },
          arrivals: [...journey.arrivals],
        };
      } catch (error) {
        if (error instanceof TraceyError && error.code === DORA_ERROR_CODES.limitExceeded) {
          throw apiError('API_LIMIT_EXCEEDED', error.message, { ...error.details });
        }
        throw error;
      }
    },
  );
  api.get(
    '/dora/incidents',
    {
      onRequest,
      schema: {
        tags: ['DORA'],
        summary: 'Incidents detected in the window, each with the deployment it is put on and how',
        querystring: doraIncidentsQuery,
        response: answers(doraIncidentsAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request) => {
      const { status, ...query } = request.query;
      const result = await compute(query);
      return {
        ...scope(result),
        // Open or resolved as of `until`: a resolution after it leaves the incident open then.
        incidents: result.incidents
          .filter(
            (incident) =>
              status === undefined ||
              (incident.resolvedAt === null || incident.resolvedAt >= result.until) === (status === 'open'),
          )
          .map((incident) => ({ ...incident, eventIds: [...incident.eventIds] })),
      };
    },
  );
}
