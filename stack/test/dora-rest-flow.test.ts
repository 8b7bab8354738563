import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readyMessages,
  shuffledWithDuplicates,
  storedEventCount,
  waitUntil,
} from '@tracey/aggregator/testing';
import type { Json } from '@tracey/graph/testing';
import { testServices } from '@tracey/testing';
import { at, C1, C2, flow, MERGE, REPO_URL } from './support/github-flow-payloads.js';
import { startWebhookFlowRig, type WebhookFlowRig } from './support/webhook-flow-rig.js';

// Issue 19, done when: "the same through the em-metrics and DevLake REST calls". The GitHub flow's
// pull request and pushes come from POST /github; its deployment and incident from DevLake's own
// calls instead of GitHub's, all delivered twice and shuffled: lead time from the pull request's
// first commit to the DevLake deployment is the difference of the payloads' times, and GET /dora
// puts the incident on it by its root cause. Then an em-metrics project whose deployment and
// incident come only from em-metrics' calls: its lead time runs from `first_commit_at` to
// `deployed_at`, the incident is on the deployment it names, restored when em-metrics says.

const SECRET = 'dora-rest-flow-secret';
const TOKEN = 'dora-rest-flow-token';
const DEVLAKE = '/devlake/api/rest/plugins/webhook/7';
const minutes = (from: number, to: number) => Date.parse(at(to)) - Date.parse(at(from));

interface DoraKeys {
  keys: {
    deploymentFrequency: { deployments: number };
    leadTime: { sample: number; medianMs: number | null };
    changeFailureRate: { failed: number; deployments: number };
    recoveryTime: { sample: number; medianMs: number | null };
  };
}

describe('DORA REST intakes through the webhook adapter', () => {
  const services = testServices();
  let flowRig: WebhookFlowRig;
  let rig: WebhookFlowRig['ingest'];
  let webhookUrl: string;

  beforeAll(async () => {
    flowRig = await startWebhookFlowRig(services, 'dora-rest-flow', {
      TRACEY_WEBHOOK_TOKEN: TOKEN,
      TRACEY_GITHUB_WEBHOOK_SECRET: SECRET,
    });
    ({ ingest: rig, webhookUrl } = flowRig);
  });

  afterAll(() => flowRig?.close());

  const github = (event: string, payload: Json) => {
    const body = JSON.stringify(payload);
    return fetch(`${webhookUrl}/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
  };
  // As the tools' own clients send: em-metrics `Authorization: token`, DevLake curl's default type.
  const rest = (path: string, body: Json, scheme = 'Bearer') =>
    fetch(`${webhookUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `${scheme} ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify(body),
    });
  const get = async <T>(url: string): Promise<T> => {
    const response = await flowRig.api.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const eventOf = async (where: string, parameters: Json): Promise<string> => {
    const result = await rig.driver.executeQuery(
      `MATCH (n:Event) WHERE ${where} RETURN n.id AS id`,
      parameters,
      {
        routing: 'READ',
      },
    );
    expect(result.records, where).toHaveLength(1);
    return result.records[0]?.get('id') as string;
  };
  const window = `since=${encodeURIComponent(at(-60))}&until=${encodeURIComponent(at(240))}`;

  it('times a GitHub pull request to a deployment and an incident that DevLake was told of', async () => {
    // The GitHub flow without GitHub's deployment and incident: DevLake's calls bring those.
    const forge = flow().filter(
      ([event]) => event !== 'deployment_status' && event !== 'issues' && event !== 'ping',
    );
    const devlake: [string, Json][] = [
      [
        `${DEVLAKE}/deployments`,
        {
          pipeline_id: 'deploy-77',
          environment: 'PRODUCTION',
          repo_url: `${REPO_URL}.git`,
          commit_sha: MERGE,
          start_time: at(80),
          end_time: at(90),
          result: 'SUCCESS',
        },
      ],
      [
        `${DEVLAKE}/issues`,
        {
          issue_key: 'SHOP-INC-1',
          title: 'Checkout fails for EU carts',
          description: `Totals are off by a cent. Root cause: ${C2}`,
          type: 'INCIDENT',
          status: 'DONE',
          original_status: 'resolved',
          created_date: at(120),
          resolution_date: at(180),
          component: 'acme/shop',
        },
      ],
    ];
    const sends: ['github' | 'devlake', string, Json][] = shuffledWithDuplicates(
      [
        ...forge.map(([event, payload]): ['github', string, Json] => ['github', event, payload]),
        ...devlake.map(([path, body]): ['devlake', string, Json] => ['devlake', path, body]),
      ],
      23,
      1,
    );
    for (const [kind, what, payload] of sends) {
      const response = kind === 'github' ? await github(what, payload) : await rest(what, payload);
      expect([200, 202], `${what}: ${await response.clone().text()}`).toContain(response.status);
    }
    // Four commits, the pull request opened, pushed to twice and merged, the run; DevLake's
    // deployment, the incident detected and resolved.
    const expectedCount = 4 + 4 + 1 + 1 + 2;
    await waitUntil('every event stored', async () => (await storedEventCount(rig.driver)) >= expectedCount);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedEventCount(rig.driver)).toBe(expectedCount);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);

    const firstCommit = await eventOf(
      "n.commitId = $commit AND n.type STARTS WITH 'dev.cdevents.change.created'",
      {
        commit: C1,
      },
    );
    const deployment = await eventOf("n.type STARTS WITH 'dev.cdevents.service.deployed'", {});
    const lead = await get<{ milliseconds: number }>(`/lead-time?from=${firstCommit}&to=${deployment}`);
    expect(lead.milliseconds).toBe(minutes(0, 90));

    const dora = await get<DoraKeys>(`/dora?service=acme/shop&environment=production&${window}`);
    expect(dora.keys.deploymentFrequency.deployments).toBe(1);
    expect(dora.keys.leadTime).toMatchObject({ sample: 1, medianMs: minutes(0, 90) });
    expect(dora.keys.changeFailureRate).toMatchObject({ failed: 1, deployments: 1 });
    expect(dora.keys.recoveryTime).toMatchObject({ sample: 1, medianMs: minutes(120, 180) });
    const incidents = await get<{
      incidents: { id: string; cause: { deploymentId: string | null; method: string } }[];
    }>(`/dora/incidents?service=acme/shop&environment=production&${window}`);
    expect(incidents.incidents).toEqual([
      expect.objectContaining({
        id: 'SHOP-INC-1',
        cause: { deploymentId: deployment, method: 'root-cause' },
      }),
    ]);
  });

  it('times a project whose deployment and incident em-metrics was told of', async () => {
    const before = await storedEventCount(rig.driver);
    const calls: [string, Json, string][] = [
      ['/em-metrics/deployments', { id: 'pay-101', project_id: 'payments', first_commit_at: at(0) }, 'token'],
      [
        '/em-metrics/deployments/pay-101/deployed',
        {
          create_if_not_exists: true,
          project_id: 'payments',
          first_commit_at: at(0),
          deploy_start_at: at(70),
          deployed_at: at(90),
        },
        'token',
      ],
      [
        '/em-metrics/incidents',
        { id: 'pay-inc-1', project_id: 'payments', deployment_id: 'pay-101', started_at: at(130) },
        'token',
      ],
      ['/em-metrics/incidents/pay-inc-1/restored', { date: at(160) }, 'token'],
    ];
    for (const [path, body, scheme] of shuffledWithDuplicates(calls, 29, 1)) {
      const response = await rest(path, body, scheme);
      expect([200, 201], `${path}: ${await response.clone().text()}`).toContain(response.status);
    }
    // The first commit, its artifact, the deployment; the incident detected and restored.
    const expectedCount = before + 5;
    await waitUntil('every event stored', async () => (await storedEventCount(rig.driver)) >= expectedCount);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedEventCount(rig.driver)).toBe(expectedCount);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);

    const change = await eventOf("n.subjectId = 'em-metrics/deployments/pay-101'", {});
    const deployment = await eventOf(
      "n.serviceId = 'payments' AND n.type STARTS WITH 'dev.cdevents.service.deployed'",
      {},
    );
    const lead = await get<{ milliseconds: number }>(`/lead-time?from=${change}&to=${deployment}`);
    expect(lead.milliseconds).toBe(minutes(0, 90));
    const dora = await get<DoraKeys>(`/dora?service=payments&environment=production&${window}`);
    expect(dora.keys.deploymentFrequency.deployments).toBe(1);
    expect(dora.keys.leadTime).toMatchObject({ sample: 1, medianMs: minutes(0, 90) });
    expect(dora.keys.changeFailureRate).toMatchObject({ failed: 1, deployments: 1 });
    expect(dora.keys.recoveryTime).toMatchObject({ sample: 1, medianMs: minutes(130, 160) });
    const incidents = await get<{
      incidents: { id: string; cause: { deploymentId: string | null; method: string } }[];
    }>(`/dora/incidents?service=payments&environment=production&${window}`);
    expect(incidents.incidents).toEqual([
      expect.objectContaining({ id: 'pay-inc-1', cause: { deploymentId: deployment, method: 'explicit' } }),
    ]);
  });
});
