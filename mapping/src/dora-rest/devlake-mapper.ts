import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import type { ForgeEvent, Json } from '../internal/webhook-payload.js';
import { CD, commitPurl, fieldError, repositoryOf, RestBody, restResult, rootCauseIn } from './rest-body.js';

// Apache DevLake's incoming webhook (deployments, issues, an issue closed) as CDEvents (issue 19):
// a CI script or issue tracker that posts to DevLake needs only a new base URL. A deployment
// becomes one `service.deployed` per repository it deployed (the service is the repository, as
// for GitHub's deployments), naming the commit, so it reaches the commit's push, pull request and
// merge whichever way they arrived; an issue of type INCIDENT an incident detected (and resolved
// once DONE). The CloudEvent source is `/devlake/<connection>`: DevLake's keys are per connection.

/** The CloudEvent type prefix of DevLake webhook calls: `dev.tracey.devlake.deployment`. */
export const DEVLAKE_TYPE_PREFIX = 'dev.tracey.devlake.';

const NAME = 'devlake';
const ENVIRONMENT = 'PRODUCTION';

const OUTCOMES: Readonly<Record<string, 'success' | 'failure' | undefined>> = {
  SUCCESS: 'success',
  MANUAL: 'success',
  FAILURE: 'failure',
  ABORT: undefined,
};

interface DeployedCommit {
  readonly repoUrl: string;
  readonly sha: string;
  readonly body: RestBody;
}

function deployedCommits(body: RestBody): DeployedCommit[] {
  const listed = body.objects('deployment_commits').map((item, index) =>
    RestBody.within('deployment_commits', index, () => ({
      repoUrl: item.text('repo_url'),
      sha: item.text('commit_sha').toLowerCase(),
      body: item,
    })),
  );
  if (listed.length > 0) return listed;
  if (body.optional('commit_sha') === undefined && body.optional('repo_url') === undefined)
    throw fieldError('commit_sha', 'is required, with repo_url, or deployment_commits');
  return [{ repoUrl: body.text('repo_url'), sha: body.text('commit_sha').toLowerCase(), body }];
}

function deployment(body: RestBody): ForgeEvent[] | string {
  const startedAt = body.time('start_time');
  const finishedAt = body.optionalTime('end_time') ?? body.receivedAt;
  const result = (body.optional('result') ?? 'SUCCESS').toUpperCase();
  if (!(result in OUTCOMES))
    throw fieldError('result', `must be one of ${Object.keys(OUTCOMES).join(', ')}; got "${result}"`);
  const outcome = OUTCOMES[result];
  if (outcome === undefined) return 'an aborted deployment (result ABORT) deployed nothing';
  const environment = (body.optional('environment') ?? ENVIRONMENT).toLowerCase();
  const pipeline = body.optional('pipeline_id');
  return deployedCommits(body).map(({ repoUrl, sha, body: item }, index) => {
    const repository = repositoryOf(repoUrl);
    if (repository === undefined)
      throw fieldError(
        item === body ? 'repo_url' : `deployment_commits.${index}.repo_url`,
        `must be a repository URL; got "${repoUrl}"`,
      );
    const name = item.optional('name') ?? body.optional('name');
    const ref = item.optional('ref_name') ?? body.optional('ref_name');
    const customData: Json = {
      commitId: sha,
      outcome,
      ...(pipeline === undefined ? {} : { pipelineId: pipeline }),
      ...(name === undefined ? {} : { name }),
      ...(ref === undefined ? {} : { ref }),
    };
    return {
      key: `deployment/${pipeline ?? ''}/${startedAt}/${repository.path}@${sha}`,
      type: `${CD}.service.deployed.0.3.0`,
      time: finishedAt,
      subject: {
        id: repository.path,
        content: { environment: { id: environment }, artifactId: commitPurl(repository, sha) },
      },
      customData,
    };
  });
}

const STATUSES = ['TODO', 'IN_PROGRESS', 'DONE'];

function issue(body: RestBody): ForgeEvent[] | string {
  const key = body.text('issue_key');
  const title = body.text('title');
  const status = body.text('status').toUpperCase();
  if (!STATUSES.includes(status))
    throw fieldError('status', `must be one of ${STATUSES.join(', ')}; got "${status}"`);
  const createdAt = body.time('created_date');
  const type = body.optional('type');
  if (type?.toUpperCase() !== 'INCIDENT')
    return `issue ${key} of type ${type ?? '(none)'} is no incident (only type INCIDENT is)`;
  const component = body.optional('component');
  const content: Json = {
    environment: { id: (body.optional('environment') ?? ENVIRONMENT).toLowerCase() },
    ...(component === undefined ? {} : { service: { id: component } }),
    description: title,
  };
  const rootCause = rootCauseIn(body.optional('description'));
  const custom: Json = {
    ...(rootCause === undefined ? {} : { rootCause }),
    ...(body.optional('severity') === undefined ? {} : { severity: body.optional('severity') }),
    ...(body.optional('url') === undefined ? {} : { url: body.optional('url') }),
  };
  const events: ForgeEvent[] = [
    {
      key: `issue/${key}#detected`,
      type: `${CD}.incident.detected.0.3.0`,
      time: createdAt,
      subject: { id: key, content },
      ...(Object.keys(custom).length === 0 ? {} : { customData: custom }),
    },
  ];
  if (status === 'DONE') {
    const resolvedAt =
      body.optionalTime('resolution_date') ?? body.optionalTime('updated_date') ?? body.receivedAt;
    events.push({
      key: `issue/${key}#resolved@${resolvedAt}`,
      type: `${CD}.incident.resolved.0.3.0`,
      time: resolvedAt,
      subject: { id: key, content: { environment: content['environment'] } },
    });
  }
  return events;
}

function issueClosed(body: RestBody): ForgeEvent[] {
  const key = body.text('issue_key');
  // DevLake's close call carries no body: closed when Tracey received it.
  return [
    {
      key: `issue/${key}#resolved@${body.receivedAt}`,
      type: `${CD}.incident.resolved.0.3.0`,
      time: body.receivedAt,
      subject: {
        id: key,
        content: { environment: { id: (body.optional('environment') ?? ENVIRONMENT).toLowerCase() } },
      },
    },
  ];
}

const CALLS: Readonly<Record<string, (body: RestBody) => ForgeEvent[] | string>> = {
  deployment,
  issue,
  'issue.closed': issueClosed,
};

/**
 * DevLake webhook calls as CDEvents: `deployment` (`POST …/deployments`: `repo_url` +
 * `commit_sha` or `deployment_commits`, `start_time`, `end_time`, `environment`, `result`) → one
 * `service.deployed` per commit, the service its repository (`acme/shop`), `customData.commitId`
 * the commit, outcome failure for `FAILURE` (nothing for `ABORT`); `issue` (`POST …/issues`) of
 * type `INCIDENT` → `incident.detected` at `created_date` (and `incident.resolved` when `DONE`),
 * `component` its service, `root cause: <sha>` in the description its root cause; `issue.closed`
 * (`POST …/issue/:key/close`) → `incident.resolved` when received.
 */
export const devlakeMapper: CloudEventMapper = {
  name: NAME,
  matches: (event: CloudEventInput) => event.type.startsWith(DEVLAKE_TYPE_PREFIX),
  map(event: CloudEventInput): MappingResult {
    const call = CALLS[event.type.slice(DEVLAKE_TYPE_PREFIX.length)];
    if (call === undefined)
      return { ok: true, mapper: NAME, events: [], note: `DevLake call ${event.type} is not mapped` };
    return restResult(NAME, event, event.source, call);
  },
};
