import type { Json } from '@tracey/graph/testing';

// A GitHub flow as GitHub delivers it (issue 19): a branch pushed, a pull request opened, two more
// pushes, the merge, the merge commit pushed to main, the deploy workflow, a successful deployment,
// an issue labelled incident and its closing. Shared by the webhook flow tests.
export const REPO_URL = 'https://github.com/acme/shop';
export const PR_URL = `${REPO_URL}/pull/7`;
export const T0 = Date.parse('2026-11-30T08:00:00Z');
export const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace('.000', '');
/** Milliseconds from minute `from` of the flow to minute `to`. */
export const minutes = (from: number, to: number) => Date.parse(at(to)) - Date.parse(at(from));
/**
 * The lead time of the flow's one change in stages, whichever forge tells it: first commit (0) →
 * review opened (5) → merged (60) → deployed (90); production is the only environment, so it was
 * delivered there first and nothing was left to release.
 */
export const FLOW_STAGES = {
  codingMs: minutes(0, 5),
  reviewMs: minutes(5, 60),
  deliveryMs: minutes(60, 90),
  releaseMs: 0,
};

export const sha = (seed: string) => seed.repeat(40).slice(0, 40);
export const [BASE, C1, C2, C3, MERGE] = ['0b', 'c1', 'c2', 'c3', 'e7'].map(sha) as [
  string,
  string,
  string,
  string,
  string,
];

export const repository = {
  id: 4242,
  name: 'shop',
  full_name: 'acme/shop',
  html_url: REPO_URL,
  default_branch: 'main',
};
export const sender = { login: 'octo-mona', id: 1 };

export function commit(id: string, minutes: number, distinct = true): Json {
  return {
    id,
    tree_id: sha('f0'),
    distinct,
    message: `Cart change ${id.slice(0, 7)}`,
    timestamp: at(minutes),
    url: `${REPO_URL}/commit/${id}`,
    author: { name: 'Mona', email: 'mona@example.com', username: 'octo-mona' },
  };
}

export function push(branch: string, before: string, commits: Json[]): Json {
  return {
    ref: `refs/heads/${branch}`,
    before,
    after: commits.at(-1)?.['id'],
    created: false,
    deleted: false,
    forced: false,
    commits,
    head_commit: commits.at(-1),
    repository,
    sender,
  };
}

export function pullRequest(action: string, minutes: number, head: string, extra: Json = {}): Json {
  return {
    action,
    number: 7,
    pull_request: {
      html_url: PR_URL,
      number: 7,
      title: 'Cart: totals per currency',
      state: action === 'closed' ? 'closed' : 'open',
      created_at: at(5),
      updated_at: at(minutes),
      head: { ref: 'feature/cart', sha: head },
      base: { ref: 'main', sha: BASE },
      merged: false,
      ...extra,
    },
    repository,
    sender,
  };
}

export function issue(action: string, minutes: number): Json {
  return {
    action,
    issue: {
      html_url: `${REPO_URL}/issues/9`,
      number: 9,
      title: 'Checkout fails for EU carts',
      body: `Totals are off by a cent since the deploy.\n\nRoot cause: ${C2}`,
      labels: [{ name: 'incident' }],
      state: action === 'closed' ? 'closed' : 'open',
      created_at: at(120),
      updated_at: at(minutes),
      closed_at: action === 'closed' ? at(minutes) : null,
    },
    repository,
    sender,
  };
}

/** The flow as GitHub delivers it: `[X-GitHub-Event, payload]`, in the order it happened. */
export function flow(): [string, Json][] {
  return [
    ['push', push('feature/cart', BASE, [commit(C1, 0)])],
    ['pull_request', pullRequest('opened', 5, C1)],
    ['push', push('feature/cart', C1, [commit(C2, 20)])],
    ['pull_request', pullRequest('synchronize', 21, C2)],
    ['push', push('feature/cart', C2, [commit(C3, 40)])],
    ['pull_request', pullRequest('synchronize', 41, C3)],
    [
      'pull_request',
      pullRequest('closed', 60, C3, {
        merged: true,
        merged_at: at(60),
        closed_at: at(60),
        merge_commit_sha: MERGE,
      }),
    ],
    // The merge commit on main: the branch's commits come again, marked as pushed before.
    [
      'push',
      push('main', BASE, [
        commit(C1, 0, false),
        commit(C2, 20, false),
        commit(C3, 40, false),
        commit(MERGE, 60),
      ]),
    ],
    [
      'workflow_run',
      {
        action: 'completed',
        workflow_run: {
          id: 77,
          name: 'deploy',
          html_url: `${REPO_URL}/actions/runs/77`,
          run_attempt: 1,
          head_sha: MERGE,
          status: 'completed',
          conclusion: 'success',
          updated_at: at(75),
        },
        repository,
        sender,
      },
    ],
    [
      'deployment_status',
      {
        action: 'created',
        deployment_status: {
          url: 'https://api.github.com/repos/acme/shop/deployments/55/statuses/1',
          state: 'success',
          created_at: at(90),
        },
        deployment: { id: 55, sha: MERGE, ref: 'main', environment: 'production' },
        repository,
        sender,
      },
    ],
    ['issues', issue('opened', 120)],
    ['issues', issue('closed', 180)],
    ['ping', { zen: 'Design for failure.', hook_id: 1, repository }],
  ];
}
