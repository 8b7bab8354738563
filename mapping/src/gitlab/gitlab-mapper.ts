import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import { refuse } from '../cloud-event-mapper.js';
import { cloudEventDataObject, isJsonObject } from '../internal/cloud-event-data.js';
import {
  at,
  forgeResult,
  optionalDescription,
  PayloadReader,
  ticketKeysData,
  type ForgeEvent,
  type Json,
} from '../internal/webhook-payload.js';

// GitLab webhooks as CloudEvents of type `com.gitlab.<object_kind>` whose data is the payload
// (issue 19), mapped as GitHub's are: ids from GitLab's own ids and times, so a webhook delivered
// twice maps to the same events.

/** The CloudEvent type prefix of GitLab webhooks: `com.gitlab.merge_request`, `com.gitlab.pipeline`. */
export const GITLAB_TYPE_PREFIX = 'com.gitlab.';

const NAME = 'gitlab';
const CD = 'dev.cdevents';

export interface GitlabMapperOptions {
  /** Issues with this label are incidents, beside GitLab's own incident issue type. Default `incident`. */
  readonly incidentLabel?: string;
  /** The environment an incident is in (an issue names none). Default `production`. */
  readonly incidentEnvironment?: string;
}

// GitLab writes times as RFC 3339 (`2025-06-02T08:14:03Z`) in newer payloads and as
// `2025-06-02 10:41:40 UTC` or `2025-06-02 12:52:10 +0200` in pipeline and deployment hooks.
const GITLAB_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (UTC|[+-]\d{2}:?\d{2})$/;

/** A GitLab time as RFC 3339 in UTC, or `undefined` when it is none. */
export function gitlabTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const spaced = GITLAB_TIME.exec(value);
  const iso = spaced
    ? `${spaced[1]}T${spaced[2]}${spaced[3] === 'UTC' ? 'Z' : (spaced[3] ?? '').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`
    : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

class Reader extends PayloadReader {
  /** A required time field, as RFC 3339. */
  time(path: string): string {
    const value = gitlabTime(this.optional(path));
    if (value === undefined) this.missing ??= path;
    return value ?? '';
  }
}

function repository(read: Reader): Json {
  return { id: read.text('project.path_with_namespace'), source: read.text('project.web_url') };
}

function mergeRequest(read: Reader): ForgeEvent | string {
  const action = read.optional('object_attributes.action') ?? '';
  const url = read.text('object_attributes.url');
  const subject = { id: url, content: { repository: repository(read) } };
  const updated = () => read.time('object_attributes.updated_at');
  // The work items it names: in its title or its source branch's name.
  const tickets = ticketKeysData(
    read.optional('object_attributes.title'),
    read.optional('object_attributes.source_branch'),
  );
  switch (action) {
    case 'open':
      return {
        key: `${url}#opened`,
        type: `${CD}.change.created.0.4.0`,
        time: read.time('object_attributes.created_at'),
        subject: {
          id: url,
          content: {
            repository: repository(read),
            ...optionalDescription(read.optional('object_attributes.title')),
          },
        },
        // The head commit: the merge request is the same change as it (docs/graph-model.md).
        ...headSha(read, tickets),
      };
    case 'update':
    case 'reopen':
      return {
        key: `${url}#${action}@${read.text('object_attributes.updated_at')}`,
        type: `${CD}.change.updated.0.3.0`,
        time: updated(),
        subject,
        ...headSha(read, tickets),
      };
    case 'approved':
      return {
        key: `${url}#approved@${read.text('object_attributes.updated_at')}`,
        type: `${CD}.change.reviewed.0.3.0`,
        time: updated(),
        subject,
        customData: { state: 'approved' },
      };
    case 'merge':
      return {
        key: `${url}#merged`,
        type: `${CD}.change.merged.0.3.0`,
        time: updated(),
        subject,
        // The merge commit: an Eiffel submission of it is the same change (docs/graph-model.md).
        customData: { commitId: read.text('object_attributes.merge_commit_sha'), ...tickets },
      };
    case 'close':
      return {
        key: `${url}#abandoned@${read.text('object_attributes.updated_at')}`,
        type: `${CD}.change.abandoned.0.3.0`,
        time: updated(),
        subject,
      };
    default:
      return `merge_request ${action || '(no action)'} is not mapped`;
  }
}

const NO_COMMIT = /^0+$/;

/**
 * A push to a branch as one `change.created` per commit it lists (GitLab lists at most 20, oldest
 * first), at the commit's time, each made on the commit before it in the push (the first on
 * `before`). GitLab does not mark commits pushed before, so a commit merged to another branch
 * comes again: the event is of the commit *on that branch* (its key names the branch), both are
 * the commit (the same change as its merge and its submission), and each chains to commits that
 * are its ancestors.
 */
function push(read: Reader): ForgeEvent[] | string {
  const ref = read.text('ref');
  if (!ref.startsWith('refs/heads/')) return `push to ${ref} is not a branch`;
  const branch = ref.slice('refs/heads/'.length);
  const commits = at(read.payload, 'commits');
  if (!Array.isArray(commits) || commits.length === 0)
    return 'push without commits (a branch created, deleted or moved back)';
  const before = read.optional('before');
  const projectUrl = read.text('project.web_url');
  const events: ForgeEvent[] = [];
  commits.forEach((commit: unknown, index) => {
    const item = new Reader(isJsonObject(commit) ? commit : {});
    const sha = item.text('id').toLowerCase();
    const time = item.time('timestamp');
    if (item.missing !== undefined) read.missing ??= `commits.${index}.${item.missing}`;
    const previous = index === 0 ? before : new Reader(commits[index - 1] as Json).optional('id');
    events.push({
      key: `${projectUrl}/-/commit/${sha}@${branch}`,
      type: `${CD}.change.created.0.4.0`,
      time,
      subject: {
        id: item.optional('url') ?? `${projectUrl}/-/commit/${sha}`,
        content: {
          repository: repository(read),
          ...optionalDescription(item.optional('title') ?? item.optional('message')?.split('\n')[0]),
        },
      },
      customData: {
        commitId: sha,
        ...(previous === undefined || NO_COMMIT.test(previous)
          ? {}
          : { parentCommitId: previous.toLowerCase() }),
        branch,
        ...ticketKeysData(item.optional('message') ?? item.optional('title')),
      },
    });
  });
  return events;
}

function headSha(read: Reader, tickets: Json): { customData?: Json } {
  const sha = read.optional('object_attributes.last_commit.id');
  const customData = { ...(sha === undefined ? {} : { headSha: sha }), ...tickets };
  return Object.keys(customData).length === 0 ? {} : { customData };
}

const PIPELINE_OUTCOMES: Readonly<Record<string, string>> = {
  success: 'success',
  failed: 'failure',
  canceled: 'cancel',
  skipped: 'cancel',
};

function pipeline(read: Reader): ForgeEvent | string {
  const status = read.optional('object_attributes.status') ?? '';
  const url = read.text('object_attributes.url');
  const content: Json = {
    pipelineName: read.optional('object_attributes.name') ?? read.text('project.name'),
    uri: url,
  };
  const customData = { commitId: read.text('object_attributes.sha') };
  const outcome = PIPELINE_OUTCOMES[status];
  if (outcome !== undefined)
    return {
      key: `${url}#finished`,
      type: `${CD}.pipelinerun.finished.0.3.0`,
      time: read.time('object_attributes.finished_at'),
      subject: { id: url, content: { ...content, outcome } },
      customData,
    };
  if (status === 'running')
    return {
      key: `${url}#started`,
      type: `${CD}.pipelinerun.started.0.3.0`,
      time: read.time('object_attributes.created_at'),
      subject: { id: url, content },
      customData,
    };
  if (status === 'pending' || status === 'created')
    return {
      key: `${url}#queued`,
      type: `${CD}.pipelinerun.queued.0.3.0`,
      time: read.time('object_attributes.created_at'),
      subject: { id: url, content },
      customData,
    };
  return `pipeline ${status || '(no status)'} is not mapped`;
}

function deployment(read: Reader): ForgeEvent | string {
  const status = read.optional('status') ?? '';
  if (!['success', 'failed', 'canceled'].includes(status))
    return `deployment ${status || '(no status)'} is not final`;
  if (status === 'canceled') return 'a canceled deployment deployed nothing';
  // The deployment hook names its commit by URL (and a short sha): the full hash ends the URL.
  const sha = read.text('commit_url').split('/').at(-1) ?? '';
  const project = read.text('project.path_with_namespace');
  return {
    key: `${read.text('project.web_url')}/-/deployments/${String(at(read.payload, 'deployment_id'))}`,
    type: `${CD}.service.deployed.0.3.0`,
    time: read.time('status_changed_at'),
    subject: {
      id: project,
      content: {
        environment: { id: read.text('environment') },
        artifactId: `pkg:gitlab/${project}@${sha}`,
      },
    },
    // CDEvents has no outcome for a deployment: a failed one says so here (docs/dora.md).
    customData: { commitId: sha, outcome: status === 'success' ? 'success' : 'failure' },
  };
}

function issue(read: Reader, options: Required<GitlabMapperOptions>): ForgeEvent | string {
  const action = read.optional('object_attributes.action') ?? '';
  const labels = at(read.payload, 'object_attributes.labels');
  const titles = Array.isArray(labels)
    ? labels.map((label) => (isJsonObject(label) ? label['title'] : undefined))
    : [];
  const incident =
    read.optional('object_attributes.type') === 'Incident' || titles.includes(options.incidentLabel);
  if (!incident) return `an issue that is no incident (type Incident or label "${options.incidentLabel}")`;
  const url = read.text('object_attributes.url');
  const content = {
    environment: { id: options.incidentEnvironment },
    service: { id: read.text('project.path_with_namespace') },
    ...optionalDescription(read.optional('object_attributes.title')),
  };
  if (action === 'open' || action === 'reopen') {
    const time = read.time(
      action === 'open' ? 'object_attributes.created_at' : 'object_attributes.updated_at',
    );
    return {
      key: `${url}#detected@${time}`,
      type: `${CD}.incident.detected.0.3.0`,
      time,
      subject: { id: url, content },
    };
  }
  if (action === 'close') {
    const time = read.time('object_attributes.closed_at');
    return {
      key: `${url}#resolved@${time}`,
      type: `${CD}.incident.resolved.0.3.0`,
      time,
      subject: { id: url, content },
    };
  }
  return `issue ${action || '(no action)'} is not mapped`;
}

/**
 * GitLab webhooks as CDEvents: pushes to a branch as one change created per commit (on the one
 * before it), merge requests as changes (open → created, update and reopen →
 * updated, approved → reviewed, merge → merged with the merge commit, close → abandoned),
 * pipelines as pipeline runs, final deployments as deployments (a failed one with
 * `customData.outcome: failure`), incidents (GitLab's incident type, or the incident label) as
 * incidents. Other events map to nothing, with a note.
 */
export function gitlabMapper(options: GitlabMapperOptions = {}): CloudEventMapper {
  const settings = {
    incidentLabel: options.incidentLabel ?? 'incident',
    incidentEnvironment: options.incidentEnvironment ?? 'production',
  };
  return {
    name: NAME,
    matches: (event: CloudEventInput) => event.type.startsWith(GITLAB_TYPE_PREFIX),
    map(event: CloudEventInput): MappingResult {
      const payload = cloudEventDataObject(event);
      if (payload === undefined) return refuse('data', 'a GitLab webhook carries a JSON object');
      const kind = event.type.slice(GITLAB_TYPE_PREFIX.length);
      const read = new Reader(payload);
      let mapped: ForgeEvent | ForgeEvent[] | string;
      if (kind === 'merge_request') mapped = mergeRequest(read);
      else if (kind === 'push') mapped = push(read);
      else if (kind === 'pipeline') mapped = pipeline(read);
      else if (kind === 'deployment') mapped = deployment(read);
      else if (kind === 'issue') mapped = issue(read, settings);
      else mapped = `GitLab ${kind} events are not mapped`;
      return forgeResult(NAME, read, mapped, 'project.web_url');
    },
  };
}
