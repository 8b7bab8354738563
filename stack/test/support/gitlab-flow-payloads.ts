import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Json } from '@tracey/graph/testing';
import { at, BASE, C1, C2, C3, MERGE } from './github-flow-payloads.js';

// The GitHub flow's story as GitLab delivers it (issue 20: the forge flows show up in /dora): a
// branch pushed, a merge request opened, two more pushes and updates, approved, merged, the merge
// pushed to main, the pipeline, the deployment to production, an incident issue opened and closed.
// Built on the payloads of mapping/fixtures/gitlab (GitLab's documented format), with this flow's
// commits and times; GitLab's own time formats kept where its hooks use them.

const fixture = (name: string): Json =>
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL(`../../../mapping/fixtures/gitlab/${name}.json`, import.meta.url)),
      'utf8',
    ),
  ) as Json;

export const PROJECT_URL = 'https://gitlab.example.com/acme/shop';
const MR_URL = `${PROJECT_URL}/-/merge_requests/17`;
const ISSUE_URL = `${PROJECT_URL}/-/issues/88`;

/** `2026-11-30 09:30:00 UTC`: how GitLab's pipeline and deployment hooks write a time. */
const spaced = (minutes: number): string => at(minutes).replace('T', ' ').replace('Z', ' UTC');

function commit(id: string, minutes: number): Json {
  return {
    id,
    message: `Checkout change ${id.slice(0, 7)}\n`,
    title: `Checkout change ${id.slice(0, 7)}`,
    timestamp: at(minutes),
    url: `${PROJECT_URL}/-/commit/${id}`,
    author: { name: 'Ada Lovelace', email: '[REDACTED]' },
    added: [],
    modified: ['app/checkout.rb'],
    removed: [],
  };
}

function push(branch: string, before: string, commits: Json[]): Json {
  const last = commits.at(-1)?.['id'];
  return {
    ...fixture('push.branch'),
    before,
    after: last,
    checkout_sha: last,
    ref: `refs/heads/${branch}`,
    commits,
    total_commits_count: commits.length,
  };
}

function mergeRequest(file: string, minutes: number, head: string, extra: Json = {}): Json {
  const payload = fixture(file);
  return {
    ...payload,
    object_attributes: {
      ...(payload['object_attributes'] as Json),
      created_at: at(5),
      updated_at: at(minutes),
      source_branch: 'retry-payment',
      last_commit: { id: head, message: 'x\n', timestamp: at(0), url: `${PROJECT_URL}/-/commit/${head}` },
      ...extra,
    },
  };
}

function issue(file: string, minutes: number): Json {
  const payload = fixture(file);
  const closed = file.endsWith('close');
  return {
    ...payload,
    object_attributes: {
      ...(payload['object_attributes'] as Json),
      url: ISSUE_URL,
      created_at: at(120),
      updated_at: at(minutes),
      closed_at: closed ? at(minutes) : null,
    },
  };
}

/** The flow as GitLab delivers it, in the order it happened. */
export function gitlabFlow(): Json[] {
  return [
    push('retry-payment', BASE, [commit(C1, 0)]),
    mergeRequest('merge_request.open', 5, C1),
    push('retry-payment', C1, [commit(C2, 20)]),
    mergeRequest('merge_request.update', 21, C2, { oldrev: C1 }),
    push('retry-payment', C2, [commit(C3, 40)]),
    mergeRequest('merge_request.update', 41, C3, { oldrev: C2 }),
    mergeRequest('merge_request.approved', 55, C3),
    mergeRequest('merge_request.merge', 60, C3, { merge_commit_sha: MERGE, url: MR_URL }),
    // The merge on main: GitLab lists the merge request's commits and the merge commit.
    push('main', BASE, [commit(C1, 0), commit(C2, 20), commit(C3, 40), commit(MERGE, 60)]),
    {
      ...fixture('pipeline.success'),
      object_attributes: {
        ...(fixture('pipeline.success')['object_attributes'] as Json),
        sha: MERGE,
        before_sha: BASE,
        created_at: spaced(61),
        finished_at: spaced(75),
      },
    },
    {
      ...fixture('deployment.success'),
      status_changed_at: spaced(90),
      short_sha: MERGE.slice(0, 8),
      commit_url: `${PROJECT_URL}/-/commit/${MERGE}`,
    },
    issue('issue.incident-open', 120),
    issue('issue.incident-close', 180),
  ];
}
