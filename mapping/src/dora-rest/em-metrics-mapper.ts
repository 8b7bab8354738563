import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import { derivedEventId } from '../internal/derived-event-id.js';
import type { ForgeEvent } from '../internal/webhook-payload.js';
import { CD, relationTo, restResult, type RestBody } from './rest-body.js';

// em-metrics' REST API (deployments started and deployed, incidents started, restored, finished)
// as CDEvents (issue 19), so a CI job or incident tool that calls em-metrics needs only a new base
// URL. What em-metrics keeps as counters becomes a chain: the deployment's first commit is a
// change, packaged into an artifact `pkg:generic/<project>@<deployment>`, which the deployment
// deploys; an incident naming its deployment links to it. Ids come from em-metrics' own ids.

/** The CloudEvent type prefix of em-metrics calls: `dev.tracey.emmetrics.deployment.deployed`. */
export const EM_METRICS_TYPE_PREFIX = 'dev.tracey.emmetrics.';

/** The source of every em-metrics event: em-metrics' ids are unique across its projects. */
export const EM_METRICS_SOURCE = '/em-metrics';

const NAME = 'em-metrics';
const PRODUCTION = 'production';

const changeId = (deployment: string) => `em-metrics/deployments/${deployment}`;
const artifactOf = (project: string, deployment: string) =>
  `pkg:generic/${encodeURIComponent(project)}@${encodeURIComponent(deployment)}`;
const deployedKey = (deployment: string) => `deployment/${deployment}#deployed`;

/** The id of the `service.deployed` event em-metrics' deployment `deployment` maps to. */
export const emMetricsDeploymentEventId = (deployment: string): string =>
  derivedEventId(EM_METRICS_SOURCE, deployedKey(deployment), 0);

/** The deployment's first commit as a change (the full commit hash with it when given). */
function firstCommit(body: RestBody, deployment: string, project: string, time: string): ForgeEvent {
  const commit = body.optional('commit_sha')?.toLowerCase();
  return {
    key: `deployment/${deployment}#change`,
    type: `${CD}.change.created.0.4.0`,
    time,
    subject: {
      id: changeId(deployment),
      content: { repository: { id: project }, description: `first commit of deployment ${deployment}` },
    },
    ...(commit === undefined ? {} : { customData: { commitId: commit } }),
  };
}

function deploymentCreated(body: RestBody): ForgeEvent[] {
  const deployment = body.text('id');
  const project = body.text('project_id');
  return [firstCommit(body, deployment, project, body.time('first_commit_at'))];
}

function deploymentDeployed(body: RestBody): ForgeEvent[] {
  const deployment = body.text('id');
  // em-metrics looks the deployment up; Tracey keeps nothing between calls, so the project comes again.
  const project = body.text('project_id');
  const firstCommitAt = body.optionalTime('first_commit_at');
  const deployedAt = body.optionalTime('deployed_at') ?? body.receivedAt;
  const startedAt = body.optionalTime('deploy_start_at') ?? deployedAt;
  const artifact = artifactOf(project, deployment);
  return [
    ...(firstCommitAt === undefined ? [] : [firstCommit(body, deployment, project, firstCommitAt)]),
    {
      key: `deployment/${deployment}#packaged`,
      type: `${CD}.artifact.packaged.0.3.0`,
      time: startedAt,
      subject: { id: artifact, content: { change: { id: changeId(deployment) } } },
    },
    {
      key: deployedKey(deployment),
      type: `${CD}.service.deployed.0.3.0`,
      time: deployedAt,
      subject: {
        id: project,
        content: { environment: { id: body.optional('environment') ?? PRODUCTION }, artifactId: artifact },
      },
      customData: { deploymentId: deployment, outcome: 'success' },
    },
  ];
}

function resolved(body: RestBody, incident: string, how: 'restored' | 'finished', time: string): ForgeEvent {
  return {
    key: `incident/${incident}#${how}`,
    type: `${CD}.incident.resolved.0.3.0`,
    time,
    subject: { id: incident, content: { environment: { id: body.optional('environment') ?? PRODUCTION } } },
  };
}

function incidentCreated(body: RestBody): ForgeEvent[] {
  // em-metrics numbers incidents without an id from its database; here the caller names it.
  const incident = body.text('id');
  const project = body.text('project_id');
  const deployment = body.optional('deployment_id');
  const restoredAt = body.optionalTime('restored_at');
  const finishedAt = body.optionalTime('finished_at');
  return [
    {
      key: `incident/${incident}#detected`,
      type: `${CD}.incident.detected.0.3.0`,
      time: body.optionalTime('started_at') ?? body.receivedAt,
      subject: {
        id: incident,
        content: {
          environment: { id: body.optional('environment') ?? PRODUCTION },
          service: { id: project },
        },
      },
      ...(deployment === undefined
        ? {}
        : { links: [relationTo(emMetricsDeploymentEventId(deployment), 'CAUSE')] }),
    },
    ...(restoredAt === undefined ? [] : [resolved(body, incident, 'restored', restoredAt)]),
    ...(finishedAt === undefined ? [] : [resolved(body, incident, 'finished', finishedAt)]),
  ];
}

const CALLS: Readonly<Record<string, (body: RestBody) => ForgeEvent[]>> = {
  'deployment.created': deploymentCreated,
  'deployment.deployed': deploymentDeployed,
  'incident.created': incidentCreated,
  'incident.restored': (body) => [
    resolved(body, body.text('id'), 'restored', body.optionalTime('date') ?? body.receivedAt),
  ],
  'incident.finished': (body) => [
    resolved(body, body.text('id'), 'finished', body.optionalTime('date') ?? body.receivedAt),
  ],
};

/**
 * em-metrics calls as CDEvents: `deployment.created` (`POST /deployments`: `id`, `project_id`,
 * `first_commit_at`) → the first commit as `change.created`; `deployment.deployed` (`POST
 * /deployments/:id/deployed`) → that change (when `first_commit_at` comes), `artifact.packaged` of
 * it at `deploy_start_at` and `service.deployed` of `project_id` to production at `deployed_at`;
 * `incident.created` → `incident.detected` (a `RELATION` to its deployment when `deployment_id`
 * comes; `incident.resolved` too for `restored_at`/`finished_at`); `incident.restored` and
 * `incident.finished` → `incident.resolved` (the earliest resolves it). A time left out is the time
 * Tracey received the call (the CloudEvent's `time`).
 */
export const emMetricsMapper: CloudEventMapper = {
  name: NAME,
  matches: (event: CloudEventInput) => event.type.startsWith(EM_METRICS_TYPE_PREFIX),
  map(event: CloudEventInput): MappingResult {
    const call = CALLS[event.type.slice(EM_METRICS_TYPE_PREFIX.length)];
    if (call === undefined)
      return { ok: true, mapper: NAME, events: [], note: `em-metrics call ${event.type} is not mapped` };
    return restResult(NAME, event, EM_METRICS_SOURCE, call);
  },
};
