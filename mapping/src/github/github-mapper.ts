import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import { refuse } from '../cloud-event-mapper.js';
import { cloudEventDataObject, isJsonObject } from '../internal/cloud-event-data.js';
import {
  at,
  forgeResult,
  optionalDescription,
  PayloadReader as Reader,
  ticketKeysData,
  type ForgeEvent as Mapped,
  type Json,
} from '../internal/webhook-payload.js';

// GitHub webhooks as CloudEvents of type `com.github.<X-GitHub-Event>` whose data is the payload:
// what the webhook intake makes of a delivery whose signature it verified (issue 19). Each mapped
// CDEvent's id and timestamp come from GitHub's own ids and times in the payload, never from the
// delivery or the clock, so a webhook delivered twice maps to the same events (duplicates).

/** The CloudEvent type prefix of GitHub webhooks: `com.github.pull_request`, `com.github.issues`. */
export const GITHUB_TYPE_PREFIX = 'com.github.';

const NAME = 'github';
const CD = 'dev.cdevents';

export interface GithubMapperOptions {
  /** Issues with this label are incidents. Default `incident`. */
  readonly incidentLabel?: string;
  /** The environment an incident issue is in (an issue names none). Default `production`. */
  readonly incidentEnvironment?: string;
  /**
   * Workflows whose completed runs are deployments (matched against the workflow's name), for
   * repositories that deploy from a workflow without GitHub's deployments API. Default: none.
   */
  readonly deployWorkflows?: { test(name: string): boolean };
  /** The environment such a workflow deploys to. Default `production`. */
  readonly deployEnvironment?: string;
}

const ignored = (note: string): MappingResult => ({ ok: true, mapper: NAME, events: [], note });

function repository(read: Reader): Json {
  return { id: read.text('repository.full_name'), source: read.text('repository.html_url') };
}

function pullRequest(read: Reader, action: string): Mapped | string {
  const url = read.text('pull_request.html_url');
  const content = { repository: repository(read) };
  const subject = { id: url, content };
  // The work items it names: in its title or its branch's name, as Jira's integration reads them.
  const tickets = ticketKeysData(read.optional('pull_request.title'), read.optional('pull_request.head.ref'));
  if (action === 'opened')
    return {
      key: `${url}#opened`,
      type: `${CD}.change.created.0.4.0`,
      time: read.text('pull_request.created_at'),
      subject: {
        id: url,
        content: { ...content, ...optionalDescription(read.optional('pull_request.title')) },
      },
      // The head commit: the pull request is the same change as it (docs/graph-model.md).
      customData: { headSha: read.text('pull_request.head.sha'), ...tickets },
    };
  if (action === 'synchronize' || action === 'reopened' || action === 'edited') {
    // A push names the new head; an edit or a reopening the time it happened.
    const at =
      action === 'synchronize' ? read.text('pull_request.head.sha') : read.text('pull_request.updated_at');
    return {
      key: `${url}#${action}@${at}`,
      type: `${CD}.change.updated.0.3.0`,
      time: read.text('pull_request.updated_at'),
      subject,
      customData: { headSha: read.text('pull_request.head.sha'), ...tickets },
    };
  }
  if (action === 'closed' && at(read.payload, 'pull_request.merged') === true)
    return {
      key: `${url}#merged`,
      type: `${CD}.change.merged.0.3.0`,
      time: read.text('pull_request.merged_at'),
      subject,
      // The merge commit: an Eiffel submission of it is the same change (docs/graph-model.md).
      customData: {
        commitId: read.text('pull_request.merge_commit_sha'),
        headSha: read.text('pull_request.head.sha'),
        ...tickets,
      },
    };
  if (action === 'closed')
    return {
      key: `${url}#abandoned@${read.text('pull_request.closed_at')}`,
      type: `${CD}.change.abandoned.0.3.0`,
      time: read.text('pull_request.closed_at'),
      subject,
    };
  return `pull_request ${action} is not mapped`;
}

const NO_COMMIT = /^0+$/;

/**
 * A push as one `change.created` per commit it brings (GitHub's `distinct`: a commit pushed before,
 * to another branch, is not brought again), at the commit's time, each made on the commit before
 * it in the push (the first on `before`): so commits chain to their history, a pull request's head
 * to its first commit, and a deployment of a commit reaches every change it contains.
 */
function push(read: Reader): Mapped[] | string {
  const ref = read.text('ref');
  if (!ref.startsWith('refs/heads/')) return `push to ${ref} is not a branch`;
  const commits = at(read.payload, 'commits');
  if (!Array.isArray(commits) || commits.length === 0)
    return 'push without commits (a branch deleted or moved back)';
  const before = read.optional('before');
  const repositoryUrl = read.text('repository.html_url');
  const content = { repository: repository(read) };
  const events: Mapped[] = [];
  commits.forEach((commit: unknown, index) => {
    const item = new Reader(isJsonObject(commit) ? commit : {});
    const sha = item.text('id').toLowerCase();
    const parent = index === 0 ? before : new Reader(commits[index - 1] as Json).optional('id');
    if (item.missing !== undefined) read.missing ??= `commits.${index}.${item.missing}`;
    if (at(item.payload, 'distinct') === false) return;
    const message = item.optional('message')?.split('\n')[0];
    events.push({
      key: `${repositoryUrl}/commit/${sha}`,
      type: `${CD}.change.created.0.4.0`,
      time: item.text('timestamp'),
      subject: {
        id: item.optional('url') ?? `${repositoryUrl}/commit/${sha}`,
        content: { ...content, ...optionalDescription(message) },
      },
      customData: {
        commitId: sha,
        ...(parent === undefined || NO_COMMIT.test(parent) ? {} : { parentCommitId: parent.toLowerCase() }),
        branch: ref.slice('refs/heads/'.length),
        ...(item.optional('author.username') === undefined
          ? {}
          : { author: item.optional('author.username') }),
        ...ticketKeysData(item.optional('message')),
      },
    });
  });
  if (read.missing === undefined && events.length === 0) return 'push of commits pushed before';
  return events;
}

function review(read: Reader, action: string): Mapped | string {
  if (action !== 'submitted') return `pull_request_review ${action} is not mapped`;
  return {
    key: read.text('review.html_url'),
    type: `${CD}.change.reviewed.0.3.0`,
    time: read.text('review.submitted_at'),
    subject: { id: read.text('pull_request.html_url'), content: { repository: repository(read) } },
    customData: { state: read.text('review.state') },
  };
}

const ROOT_CAUSE = /\broot[ -]cause:\s*([0-9a-f]{7,64})\b/i;

function issue(read: Reader, action: string, options: GithubSettings): Mapped | string {
  const labels = at(read.payload, 'issue.labels');
  const names = Array.isArray(labels)
    ? labels.map((label) => (isJsonObject(label) ? label['name'] : undefined))
    : [];
  const labelled =
    action === 'labeled'
      ? read.optional('label.name') === options.incidentLabel
      : names.includes(options.incidentLabel);
  if (!labelled)
    return `issues ${action} of an issue not labelled "${options.incidentLabel}" is not an incident`;
  const url = read.text('issue.html_url');
  const content = {
    environment: { id: options.incidentEnvironment },
    service: { id: read.text('repository.full_name') },
    ...optionalDescription(read.optional('issue.title')),
  };
  if (action === 'opened' || action === 'labeled' || action === 'reopened') {
    const time = action === 'opened' ? read.text('issue.created_at') : read.text('issue.updated_at');
    // `root cause: <sha>` in the issue's text names the commit that caused it (docs/dora.md).
    const rootCause = ROOT_CAUSE.exec(read.optional('issue.body') ?? '')?.[1]?.toLowerCase();
    return {
      key: `${url}#detected@${time}`,
      type: `${CD}.incident.detected.0.3.0`,
      time,
      subject: { id: url, content },
      ...(rootCause === undefined ? {} : { customData: { rootCause } }),
    };
  }
  if (action === 'closed') {
    const time = read.text('issue.closed_at');
    return {
      key: `${url}#resolved@${time}`,
      type: `${CD}.incident.resolved.0.3.0`,
      time,
      subject: { id: url, content },
    };
  }
  return `issues ${action} is not mapped`;
}

const OUTCOMES: Readonly<Record<string, string>> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancel',
  skipped: 'cancel',
  neutral: 'success',
  action_required: 'error',
  stale: 'error',
};

/**
 * A completed run of a deploy workflow (`deployWorkflows`) as a deployment of its head commit:
 * succeeded → deployed, failed → a failed deployment; cancelled or skipped deployed nothing.
 */
function workflowDeployment(read: Reader, run: Mapped, settings: GithubSettings): Mapped | undefined {
  const outcome = run.subject.content['outcome'];
  if (outcome !== 'success' && outcome !== 'failure') return undefined;
  const [owner, repo] = read.text('repository.full_name').split('/');
  const sha = read.text('workflow_run.head_sha');
  return {
    key: `${run.subject.id}#deployed`,
    type: `${CD}.service.deployed.0.3.0`,
    time: run.time,
    subject: {
      id: read.text('repository.full_name'),
      content: {
        environment: { id: settings.deployEnvironment },
        artifactId: `pkg:github/${owner ?? ''}/${repo ?? ''}@${sha}`,
      },
    },
    customData: { commitId: sha, outcome, workflow: run.subject.content['pipelineName'] },
  };
}

function workflowRun(read: Reader, action: string, settings: GithubSettings): Mapped | Mapped[] | string {
  const predicate = { requested: 'queued', in_progress: 'started', completed: 'finished' }[action];
  if (predicate === undefined) return `workflow_run ${action} is not mapped`;
  const url = read.text('workflow_run.html_url');
  const runAttempt = at(read.payload, 'workflow_run.run_attempt');
  const attempt = typeof runAttempt === 'number' ? String(runAttempt) : '1';
  // Older payloads name the workflow only in `workflow`, some examples not at all.
  const name =
    read.optional('workflow_run.name') ??
    read.optional('workflow.name') ??
    read.optional('workflow_run.path');
  const content: Json = {
    pipelineName: name ?? `workflow run ${String(at(read.payload, 'workflow_run.id'))}`,
    uri: url,
  };
  if (predicate === 'finished') {
    // A run completed without a conclusion (seen in GitHub's own examples) ended in no known way.
    const conclusion = read.optional('workflow_run.conclusion');
    content['outcome'] = (conclusion === undefined ? undefined : OUTCOMES[conclusion]) ?? 'error';
  }
  const run: Mapped = {
    key: `${url}/attempts/${attempt}#${predicate}`,
    type: `${CD}.pipelinerun.${predicate}.0.3.0`,
    time: read.text('workflow_run.updated_at'),
    subject: { id: `${url}/attempts/${attempt}`, content },
    customData: { headSha: read.text('workflow_run.head_sha') },
  };
  const deploys = predicate === 'finished' && name !== undefined && settings.deployWorkflows?.test(name);
  const deployment = deploys === true ? workflowDeployment(read, run, settings) : undefined;
  return deployment === undefined ? run : [run, deployment];
}

type GithubSettings = Required<Omit<GithubMapperOptions, 'deployWorkflows'>> &
  Pick<GithubMapperOptions, 'deployWorkflows'>;

function release(read: Reader, action: string): Mapped | string {
  // `released` and `created` come with the same publication: one event of the three.
  if (action !== 'published') return `release ${action} is not mapped (published is)`;
  const [owner, repo] = read.text('repository.full_name').split('/');
  const tag = read.text('release.tag_name');
  return {
    key: `${read.text('release.html_url')}#published`,
    type: `${CD}.artifact.published.0.3.0`,
    time: read.text('release.published_at'),
    subject: { id: `pkg:github/${owner ?? ''}/${repo ?? ''}@${encodeURIComponent(tag)}`, content: {} },
  };
}

function deploymentStatus(read: Reader): Mapped | string {
  const state = read.text('deployment_status.state');
  if (!['success', 'failure', 'error'].includes(state)) return `deployment_status ${state} is not final`;
  const [owner, repo] = read.text('repository.full_name').split('/');
  const sha = read.text('deployment.sha');
  return {
    key: read.text('deployment_status.url'),
    type: `${CD}.service.deployed.0.3.0`,
    time: read.text('deployment_status.created_at'),
    subject: {
      id: read.text('repository.full_name'),
      content: {
        environment: { id: read.text('deployment.environment') },
        artifactId: `pkg:github/${owner ?? ''}/${repo ?? ''}@${sha}`,
      },
    },
    // CDEvents has no outcome for a deployment: a failed one says so here (docs/dora.md).
    customData: { commitId: sha, outcome: state === 'success' ? 'success' : 'failure' },
  };
}

/**
 * GitHub webhooks as CDEvents: pushes as one change created per new commit (on its parent),
 * pull requests as changes (opened → created, synchronize, edited and
 * reopened → updated, merged → merged with the merge commit as `customData.commitId`, closed
 * unmerged → abandoned; each naming the work item keys of its title and branch), reviews as
 * reviewed, workflow runs as pipeline runs (completed runs of `deployWorkflows` also as deployments), published releases
 * as artifacts (`pkg:github/<owner>/<repo>@<tag>`), final deployment statuses as deployments, and
 * issues with the incident label as incidents. Other events and actions map to nothing, with a
 * note (`ping` included).
 */
export function githubMapper(options: GithubMapperOptions = {}): CloudEventMapper {
  const settings: GithubSettings = {
    incidentLabel: options.incidentLabel ?? 'incident',
    incidentEnvironment: options.incidentEnvironment ?? 'production',
    deployEnvironment: options.deployEnvironment ?? 'production',
    ...(options.deployWorkflows === undefined ? {} : { deployWorkflows: options.deployWorkflows }),
  };
  return {
    name: NAME,
    matches: (event: CloudEventInput) => event.type.startsWith(GITHUB_TYPE_PREFIX),
    map(event: CloudEventInput): MappingResult {
      const payload = cloudEventDataObject(event);
      if (payload === undefined) return refuse('data', 'a GitHub webhook carries a JSON object');
      const name = event.type.slice(GITHUB_TYPE_PREFIX.length);
      const read = new Reader(payload);
      const action = read.optional('action') ?? '';
      let mapped: Mapped | Mapped[] | string;
      if (name === 'ping') return ignored('ping: the webhook is set up');
      else if (name === 'pull_request') mapped = pullRequest(read, action);
      else if (name === 'pull_request_review') mapped = review(read, action);
      else if (name === 'push') mapped = push(read);
      else if (name === 'issues' || name === 'issue') mapped = issue(read, action, settings);
      else if (name === 'workflow_run') mapped = workflowRun(read, action, settings);
      else if (name === 'release') mapped = release(read, action);
      else if (name === 'deployment_status') mapped = deploymentStatus(read);
      else return ignored(`GitHub ${name} events are not mapped`);
      return forgeResult(NAME, read, mapped, 'repository.html_url');
    },
  };
}
