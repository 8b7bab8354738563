import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { buildApp } from '@tracey/api';
import {
  readyMessages,
  shuffledWithDuplicates,
  startIngestRig,
  storedEventCount,
  waitUntil,
  type IngestRig,
} from '@tracey/aggregator/testing';
import { EventGraph } from '@tracey/graph';
import { expectedDerivedLinks, idOf, type Json } from '@tracey/graph/testing';
import {
  buildWebhookAdapter,
  spawnWebhookAdapter,
  type WebhookAdapterProcess,
} from '@tracey/webhook-adapter/testing';
import { freePort, testServices } from '@tracey/testing';

// Issue 19, done when: a GitHub flow — a branch pushed, a pull request opened, two more pushes,
// the merge, the merge commit pushed to main, the deploy workflow, a successful deployment, an
// issue labelled incident and its closing — delivered to POST /github twice and out of order,
// signed as GitHub signs (HMAC-SHA256 of the body, computed here with node:crypto), gives one
// graph without duplicates; lead time from the pull request's first commit to the deployment is
// the difference of the payloads' timestamps; and the flow shows up in GET /dora (issue 20).

const SECRET = 'github-flow-secret';
const TOKEN = 'github-flow-token';
const REPO_URL = 'https://github.com/acme/shop';
const PR_URL = `${REPO_URL}/pull/7`;
const T0 = Date.parse('2026-11-30T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace('.000', '');

const sha = (seed: string) => seed.repeat(40).slice(0, 40);
const [BASE, C1, C2, C3, MERGE] = ['0b', 'c1', 'c2', 'c3', 'e7'].map(sha) as [
  string,
  string,
  string,
  string,
  string,
];

const repository = {
  id: 4242,
  name: 'shop',
  full_name: 'acme/shop',
  html_url: REPO_URL,
  default_branch: 'main',
};
const sender = { login: 'octo-mona', id: 1 };

function commit(id: string, minutes: number, distinct = true): Json {
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

function push(branch: string, before: string, commits: Json[]): Json {
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

function pullRequest(action: string, minutes: number, head: string, extra: Json = {}): Json {
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

function issue(action: string, minutes: number): Json {
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
function flow(): [string, Json][] {
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

describe('a GitHub flow through POST /github', () => {
  const services = testServices();
  let rig: IngestRig;
  let webhook: WebhookAdapterProcess;
  let webhookUrl: string;
  let graph: EventGraph;
  let api: ReturnType<typeof buildApp>;

  beforeAll(async () => {
    rig = await startIngestRig(services, 'github-flow', { batchMs: 10 });
    buildWebhookAdapter();
    const port = await freePort();
    webhookUrl = `http://127.0.0.1:${port}`;
    webhook = spawnWebhookAdapter({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: rig.topology.exchange,
      TRACEY_WEBHOOK_TOKEN: TOKEN,
      TRACEY_WEBHOOK_PORT: String(port),
      TRACEY_GITHUB_WEBHOOK_SECRET: SECRET,
    });
    await waitUntil('the webhook adapter ready', () =>
      fetch(`${webhookUrl}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    );
    graph = EventGraph.connect({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    });
    api = buildApp({
      graph,
      config: { apiToken: undefined, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
    });
    await api.ready();
  });

  afterAll(async () => {
    await api?.close();
    await graph?.close();
    webhook?.child.kill('SIGTERM');
    await webhook?.exited;
    await rig?.close();
  });

  const deliver = (event: string, payload: Json, secret = SECRET) => {
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    return fetch(`${webhookUrl}/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signature,
      },
      body,
    });
  };

  const get = async <T>(url: string): Promise<T> => {
    const response = await api.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };

  it('gives one graph from deliveries sent twice and out of order, and times the flow', async () => {
    const deliveries = flow();
    // A forged delivery is refused and publishes nothing.
    const forged = await deliver('push', push('main', BASE, [commit(sha('ff'), 1)]), 'not-the-secret');
    expect(forged.status).toBe(401);

    // Every delivery twice (redelivered from GitHub's settings page, as GitHub gives the same body a
    // new delivery id), all shuffled.
    const sends = shuffledWithDuplicates(deliveries, 19, 1);
    expect(sends.length).toBe(2 * deliveries.length);
    const statuses: number[] = [];
    for (const [event, payload] of sends) {
      const response = await deliver(event, payload);
      statuses.push(response.status);
      expect([200, 202], `${event}: ${await response.clone().text()}`).toContain(response.status);
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(2); // the pings

    // What the payloads give, read here: the four commits new to GitHub, the pull request opened,
    // pushed to twice and merged, the run, the deployment, the incident detected and resolved.
    const expectedCount = 4 + 4 + 1 + 1 + 2;
    await waitUntil('every event stored', async () => (await storedEventCount(rig.driver)) >= expectedCount);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedEventCount(rig.driver)).toBe(expectedCount);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);

    const nodes = await rig.driver.executeQuery(
      'MATCH (n:Event) RETURN n.id AS id, n.type AS type, n.commitId AS commit, n.event AS json',
      {},
      { routing: 'READ' },
    );
    const stored = nodes.records.map((record) => JSON.parse(record.get('json') as string) as Json);
    const commitEvent = (commit: string) =>
      nodes.records
        .find(
          (record) =>
            record.get('commit') === commit && String(record.get('type')).includes('change.created'),
        )
        ?.get('id') as string;
    expect([C1, C2, C3, MERGE].map(commitEvent).every((id) => id !== undefined)).toBe(true);

    // The links: exactly those the rules of docs/graph-model.md give over what was stored.
    const expectedLinks = expectedDerivedLinks(stored);
    const links = await rig.driver.executeQuery(
      `MATCH (a:Event)-[r]->(b) RETURN a.id + ' ' + type(r) + coalesce(' ' + r.derivedFrom, '') + ' ' + b.id AS link`,
      {},
      { routing: 'READ' },
    );
    expect(links.records.map((record) => record.get('link') as string).sort()).toEqual(expectedLinks);
    // Not vacuous: the commits chain, the pull request reaches its head, the deployment its commit.
    expect(expectedLinks).toContain(`${commitEvent(C3)} BASE customData.parentCommitId ${commitEvent(C2)}`);
    expect(expectedLinks).toContain(`${commitEvent(C2)} BASE customData.parentCommitId ${commitEvent(C1)}`);
    const deployment = stored.find((event) =>
      String((event['context'] as Json | undefined)?.['type']).includes('.service.deployed.'),
    );
    if (deployment === undefined) throw new Error('no deployment stored');
    expect(expectedLinks).toContain(`${idOf(deployment)} CHANGE customData.commitId ${commitEvent(MERGE)}`);

    // Lead time from the pull request's first commit to the deployment: the payloads' difference.
    const lead = await get<{ milliseconds: number; path: { id: string }[] }>(
      `/lead-time?from=${commitEvent(C1)}&to=${idOf(deployment)}`,
    );
    expect(lead.milliseconds).toBe(Date.parse(at(90)) - Date.parse(at(0)));
    expect(lead.path[0]?.id).toBe(commitEvent(C1));
    expect(lead.path.at(-1)?.id).toBe(idOf(deployment));

    // Trace-up: every commit of the pull request reached production.
    const releases = await get<{ deployments: { id: string; environment: string }[] }>(
      `/trace/${commitEvent(C1)}/releases`,
    );
    expect(releases.deployments).toContainEqual(
      expect.objectContaining({ id: idOf(deployment), environment: 'production' }),
    );

    // DORA (issue 20): one deployment of acme/shop to production with the pull request as its one
    // change, lead time from its first commit; it caused the incident, restored after an hour.
    const window = `since=${encodeURIComponent(at(-60))}&until=${encodeURIComponent(at(240))}`;
    const dora = await get<{
      keys: {
        deploymentFrequency: { deployments: number };
        leadTime: { sample: number; medianMs: number | null };
        changeFailureRate: { failed: number; deployments: number };
        recoveryTime: { sample: number; medianMs: number | null };
      };
    }>(`/dora?service=acme/shop&environment=production&${window}`);
    expect(dora.keys.deploymentFrequency.deployments).toBe(1);
    expect(dora.keys.leadTime).toMatchObject({ sample: 1, medianMs: Date.parse(at(90)) - Date.parse(at(0)) });
    expect(dora.keys.changeFailureRate).toMatchObject({ failed: 1, deployments: 1 });
    // The issue names its root cause, a commit of the pull request: put on the deployment that brought it.
    const incidents = await get<{ incidents: { cause: { deploymentId: string | null; method: string } }[] }>(
      `/dora/incidents?service=acme/shop&environment=production&${window}`,
    );
    expect(incidents.incidents.map((incident) => incident.cause)).toEqual([
      { deploymentId: idOf(deployment), method: 'root-cause' },
    ]);
    expect(dora.keys.recoveryTime).toMatchObject({
      sample: 1,
      medianMs: Date.parse(at(180)) - Date.parse(at(120)),
    });
  });
});
