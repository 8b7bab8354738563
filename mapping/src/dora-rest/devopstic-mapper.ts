import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import type { ForgeEvent } from '../internal/webhook-payload.js';
import { CD, fieldError, restResult, type RestBody } from './rest-body.js';

// DevOpstic's events (`POST /events`: commit, submit, approve, deploy, incident_status_change) as
// CDEvents (issue 19). A pipeline (`pipeline_id`) is the service and the repository; a commit is a
// pushed commit, a submission a change whose head is the commit, a deployment names its commit,
// so lead time runs from the commit to the deployment as for the forges' webhooks.

/** The CloudEvent type of a DevOpstic event. */
export const DEVOPSTIC_TYPE = 'dev.tracey.devopstic.event';

/** The source of every DevOpstic event. */
export const DEVOPSTIC_SOURCE = '/devopstic';

const NAME = 'devopstic';
const PRODUCTION = 'production';
const FAILED = /^(fail|failed|failure|error|errored)$/i;
const DETECTED = /^(open|opened|detected|triggered|started|investigating)$/i;
const RESOLVED = /^(resolved|closed|restored|fixed)$/i;

function decide(body: RestBody): ForgeEvent[] | string {
  const kind = body.text('type');
  const pipeline = body.text('pipeline_id');
  const time = body.time('timestamp');
  const environment = { id: body.optional('environment') ?? PRODUCTION };
  const change = (commit: string) => `${pipeline}/changes/${commit}`;
  switch (kind) {
    case 'commit': {
      const commit = body.text('commit_id').toLowerCase();
      return [
        {
          key: `commit/${pipeline}/${commit}`,
          type: `${CD}.change.created.0.4.0`,
          time,
          subject: { id: `${pipeline}/commits/${commit}`, content: { repository: { id: pipeline } } },
          customData: { commitId: commit },
        },
      ];
    }
    case 'submit': {
      const commit = body.text('commit_id').toLowerCase();
      return [
        {
          key: `submit/${pipeline}/${commit}`,
          type: `${CD}.change.created.0.4.0`,
          time,
          subject: { id: change(commit), content: { repository: { id: pipeline } } },
          customData: { headSha: commit },
        },
      ];
    }
    case 'approve': {
      const commit = body.text('commit_id').toLowerCase();
      return [
        {
          key: `approve/${pipeline}/${commit}@${time}`,
          type: `${CD}.change.reviewed.0.3.0`,
          time,
          subject: { id: change(commit), content: { repository: { id: pipeline } } },
          customData: { state: 'approved' },
        },
      ];
    }
    case 'deploy': {
      const commit = body.text('commit_id').toLowerCase();
      const status = body.optional('status') ?? 'success';
      return [
        {
          key: `deploy/${pipeline}/${environment.id}/${commit}@${time}`,
          type: `${CD}.service.deployed.0.3.0`,
          time,
          subject: {
            id: pipeline,
            content: {
              environment,
              artifactId: `pkg:generic/${encodeURIComponent(pipeline)}@${commit}`,
            },
          },
          customData: { commitId: commit, outcome: FAILED.test(status) ? 'failure' : 'success' },
        },
      ];
    }
    case 'incident_status_change': {
      const incident = body.text('incident_id');
      const status = body.text('status');
      const predicate = DETECTED.test(status) ? 'detected' : RESOLVED.test(status) ? 'resolved' : undefined;
      if (predicate === undefined)
        return `incident status "${status}" is neither a detection nor a resolution`;
      return [
        {
          key: `incident/${incident}#${predicate}@${time}`,
          type: `${CD}.incident.${predicate}.0.3.0`,
          time,
          subject: { id: incident, content: { environment, service: { id: pipeline } } },
        },
      ];
    }
    default:
      throw fieldError(
        'type',
        `must be commit, submit, approve, deploy or incident_status_change; got "${kind}"`,
      );
  }
}

/**
 * DevOpstic events as CDEvents: `commit` → `change.created` of the commit
 * (`customData.commitId`), `submit` → `change.created` of a change whose head is the commit,
 * `approve` → `change.reviewed` of it, `deploy` → `service.deployed` of `pipeline_id` to
 * `environment` naming the commit (outcome failure for a failed `status`),
 * `incident_status_change` → `incident.detected` or `incident.resolved` by `status`.
 */
export const devopsticMapper: CloudEventMapper = {
  name: NAME,
  matches: (event: CloudEventInput) => event.type === DEVOPSTIC_TYPE,
  map: (event: CloudEventInput): MappingResult => restResult(NAME, event, DEVOPSTIC_SOURCE, decide),
};
