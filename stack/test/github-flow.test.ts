import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readyMessages,
  shuffledWithDuplicates,
  storedEventCount,
  waitUntil,
} from '@tracey/aggregator/testing';
import { expectedDerivedLinks, idOf, type Json } from '@tracey/graph/testing';
import { testServices } from '@tracey/testing';
import {
  at,
  BASE,
  C1,
  C2,
  C3,
  commit,
  flow,
  FLOW_STAGES,
  MERGE,
  push,
  sha,
} from './support/github-flow-payloads.js';
import { startWebhookFlowRig, type WebhookFlowRig } from './support/webhook-flow-rig.js';

// Issue 19, done when: a GitHub flow — a branch pushed, a pull request opened, two more pushes,
// the merge, the merge commit pushed to main, the deploy workflow, a successful deployment, an
// issue labelled incident and its closing — delivered to POST /github twice and out of order,
// signed as GitHub signs (HMAC-SHA256 of the body, computed here with node:crypto), gives one
// graph without duplicates; lead time from the pull request's first commit to the deployment is
// the difference of the payloads' timestamps; and the flow shows up in GET /dora (issue 20).

const SECRET = 'github-flow-secret';
const TOKEN = 'github-flow-token';

describe('a GitHub flow through POST /github', () => {
  const services = testServices();
  let flowRig: WebhookFlowRig;
  let rig: WebhookFlowRig['ingest'];
  let webhookUrl: string;

  beforeAll(async () => {
    flowRig = await startWebhookFlowRig(services, 'github-flow', {
      TRACEY_WEBHOOK_TOKEN: TOKEN,
      TRACEY_GITHUB_WEBHOOK_SECRET: SECRET,
    });
    ({ ingest: rig, webhookUrl } = flowRig);
  });

  afterAll(() => flowRig?.close());

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

  const get = <T>(url: string): Promise<T> => flowRig.get<T>(url);

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
    // Its lead time in stages: first commit → pull request opened → merged → deployed.
    const deployments = await get<{
      deployments: { changes: { counted: boolean; stages: Record<string, number | null> }[] }[];
    }>(`/dora/deployments?service=acme/shop&environment=production&${window}`);
    expect(deployments.deployments.flatMap((d) => d.changes.filter((c) => c.counted))).toEqual([
      expect.objectContaining({ stages: FLOW_STAGES }),
    ]);
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
