import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CloudEvent } from 'cloudevents';
import { adapterError } from '@tracey/intake';
import {
  DEVLAKE_TYPE_PREFIX,
  DEVOPSTIC_SOURCE,
  DEVOPSTIC_TYPE,
  EM_METRICS_SOURCE,
  EM_METRICS_TYPE_PREFIX,
  toPipelineEvents,
} from '@tracey/mapping';
import { cloudEventsAnswer, errorAnswers } from '../answers.js';
import { jsonObjectBody } from '../json-body.js';
import { LIMITS } from '../limits.js';
import { intake, type CloudEventsRouteContext } from './cloudevents.routes.js';

// The DORA REST intakes (issue 19): em-metrics', Apache DevLake's and DevOpstic's own endpoints,
// at the same paths under /em-metrics, /devlake and /devopstic, so their senders need only a new
// base URL. Each call becomes a CloudEvent `dev.tracey.<tool>.<call>` whose data is the body (the
// path's ids added), and goes the way of every CloudEvent: the built-in mappers make CDEvents of it
// (docs/webhooks.md#dora-rest-intakes). A field the tool requires that is missing or malformed is
// answered 400 naming it, before anything is published.

type Json = Record<string, unknown>;

/** The body as JSON whatever its content type: DevLake's own examples post with curl's default. */
const jsonBody = (body: unknown): Json => jsonObjectBody(body, { what: '', emptyIsObject: true });

/** The call as a CloudEvent through the mappers: 400 naming the field they refuse, else published. */
async function deliver(
  reply: FastifyReply,
  context: CloudEventsRouteContext,
  tool: string,
  event: { source: string; type: string; data: Json },
  created: boolean,
): Promise<FastifyReply> {
  const cloudEvent = new CloudEvent({
    ...event,
    id: randomUUID(),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
  });
  const mapped = toPipelineEvents(cloudEvent, context.mappers);
  if (!mapped.ok) {
    const field = (mapped.field ?? '').replace(/^data\.?/, '');
    throw adapterError('ADAPTER_BAD_REQUEST', `invalid body: ${field} ${mapped.reason}`, {
      issues: [{ path: field, message: mapped.reason }],
    });
  }
  context.metrics.webhooks.inc({ source: tool });
  const answer = await intake([{ index: 0, ok: true, event: cloudEvent }], context);
  if (answer.published === 0 && answer.rejected > 0)
    throw adapterError('ADAPTER_INVALID_EVENTS', `the ${tool} call gives no valid event`, {
      results: answer.results,
    });
  return reply.code(answer.ignored > 0 || answer.spooled > 0 ? 202 : created ? 201 : 200).send(answer);
}

const schema = (tool: string, summary: string, description: string) => ({
  tags: ['DORA REST intakes'],
  summary: `${tool}: ${summary}`,
  description:
    `${description} Any content type, read as JSON. 200/201 the events published, 202 a call mapped ` +
    'to nothing (with the reason) or spooled; 400 naming a missing or malformed field.',
  security: [{ bearer: [] }],
  response: {
    200: cloudEventsAnswer,
    201: cloudEventsAnswer,
    202: cloudEventsAnswer,
    ...errorAnswers([400, 401, 413, 422, 500, 503]),
  },
});

type Params = Record<string, string>;
const paramsOf = (request: FastifyRequest): Params => request.params as Params;

interface RestRoute {
  readonly tool: string;
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  /** The CloudEvent of a call: its source, type and data (the body, the path's ids added). */
  readonly event: (body: Json, params: Params) => { source: string; type: string; data: Json };
  /** Answered 201 (created) as the tool does, else 200. */
  readonly created?: boolean;
}

// DevLake's URLs: `webhook/1/…` before v0.21, `webhook/connections/1/…` and `…/by-name/<name>/…` after.
const DEVLAKE_PREFIXES = [
  '/devlake/api/rest/plugins/webhook/:connection',
  '/devlake/api/plugins/webhook/:connection',
  '/devlake/api/rest/plugins/webhook/connections/:connection',
  '/devlake/api/rest/plugins/webhook/connections/by-name/:connection',
];

const devlakeSource = (params: Params) => `/devlake/${encodeURIComponent(params['connection'] ?? '')}`;

const ROUTES: readonly RestRoute[] = [
  {
    tool: 'em-metrics',
    path: '/em-metrics/deployments',
    summary: 'a deployment started (its first commit)',
    description:
      'Body: `id`, `project_id`, `first_commit_at` (and `commit_sha`, Tracey’s, to join the commit).',
    event: (body) => ({
      source: EM_METRICS_SOURCE,
      type: `${EM_METRICS_TYPE_PREFIX}deployment.created`,
      data: body,
    }),
    created: true,
  },
  {
    tool: 'em-metrics',
    path: '/em-metrics/deployments/:id/deployed',
    summary: 'a deployment done',
    description:
      'Body: `project_id` (required: Tracey keeps nothing between calls), `first_commit_at`, `deploy_start_at`, `deployed_at`.',
    event: (body, params) => ({
      source: EM_METRICS_SOURCE,
      type: `${EM_METRICS_TYPE_PREFIX}deployment.deployed`,
      data: { ...body, id: params['id'] },
    }),
  },
  {
    tool: 'em-metrics',
    path: '/em-metrics/incidents',
    summary: 'an incident started',
    description:
      'Body: `id` (required here), `project_id`, `deployment_id`, `started_at`, `restored_at`, `finished_at`.',
    event: (body) => ({
      source: EM_METRICS_SOURCE,
      type: `${EM_METRICS_TYPE_PREFIX}incident.created`,
      data: body,
    }),
    created: true,
  },
  ...(['restored', 'finished'] as const).map((how): RestRoute => ({
    tool: 'em-metrics',
    path: `/em-metrics/incidents/:id/${how}`,
    summary: `an incident ${how}`,
    description: 'Body: `date` (default: when received).',
    event: (body, params) => ({
      source: EM_METRICS_SOURCE,
      type: `${EM_METRICS_TYPE_PREFIX}incident.${how}`,
      data: { ...body, id: params['id'] },
    }),
  })),
  ...DEVLAKE_PREFIXES.flatMap((prefix): RestRoute[] => [
    {
      tool: 'devlake',
      path: `${prefix}/deployments`,
      summary: 'a deployment',
      description:
        'Body as DevLake’s: `repo_url` + `commit_sha` or `deployment_commits`, `start_time`, `end_time`, `environment`, `result`, `pipeline_id`.',
      event: (body, params) => ({
        source: devlakeSource(params),
        type: `${DEVLAKE_TYPE_PREFIX}deployment`,
        data: body,
      }),
    },
    {
      tool: 'devlake',
      path: `${prefix}/issues`,
      summary: 'an issue created or updated (type INCIDENT: an incident)',
      description:
        'Body as DevLake’s: `issue_key`, `title`, `type`, `status`, `created_date`, `resolution_date`, `component`.',
      event: (body, params) => ({
        source: devlakeSource(params),
        type: `${DEVLAKE_TYPE_PREFIX}issue`,
        data: body,
      }),
    },
    {
      tool: 'devlake',
      path: `${prefix}/issue/:key/close`,
      summary: 'an incident closed',
      description: 'No body.',
      event: (body, params) => ({
        source: devlakeSource(params),
        type: `${DEVLAKE_TYPE_PREFIX}issue.closed`,
        data: { ...body, issue_key: params['key'] },
      }),
    },
  ]),
  {
    tool: 'devopstic',
    path: '/devopstic/events',
    summary: 'an event (commit, submit, approve, deploy, incident_status_change)',
    description:
      'Body: `type`, `pipeline_id`, `timestamp`, `commit_id`, `environment`, `incident_id`, `status`.',
    event: (body) => ({ source: DEVOPSTIC_SOURCE, type: DEVOPSTIC_TYPE, data: body }),
    created: true,
  },
];

/** The em-metrics, DevLake and DevOpstic endpoints, behind the adapter's token. */
export function doraRestRoutes(app: FastifyInstance, context: CloudEventsRouteContext): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const route of ROUTES) {
    app.withTypeProvider<ZodTypeProvider>().post(
      route.path,
      {
        onRequest: context.guard,
        bodyLimit: LIMITS.bodyBytes,
        schema: schema(route.tool, route.summary, route.description),
      },
      async (request, reply) =>
        deliver(
          reply,
          context,
          route.tool,
          route.event(jsonBody(request.body), paramsOf(request)),
          route.created ?? false,
        ),
    );
  }
}
