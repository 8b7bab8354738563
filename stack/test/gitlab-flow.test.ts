import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readyMessages,
  shuffledWithDuplicates,
  storedEventCount,
  waitUntil,
} from '@tracey/aggregator/testing';
import type { Json } from '@tracey/graph/testing';
import { testServices } from '@tracey/testing';
import { at, C1, FLOW_STAGES, MERGE, minutes } from './support/github-flow-payloads.js';
import { gitlabFlow } from './support/gitlab-flow-payloads.js';
import { startWebhookFlowRig, type WebhookFlowRig } from './support/webhook-flow-rig.js';

// Issue 20, done when: the webhook flows show up in /dora with the expected figures. A GitLab flow
// — a branch pushed, a merge request opened, updated twice, approved and merged, the merge pushed to
// main, its pipeline, the deployment to production, an incident issue opened and closed — sent to
// POST /gitlab twice and out of order (the adapter spawned, the real broker, a worker, Neo4j): the
// DORA keys of acme/shop are the payloads' own times, read here by hand.

const TOKEN = 'gitlab-flow-token';

describe('a GitLab flow through POST /gitlab', () => {
  const services = testServices();
  let rig: WebhookFlowRig;

  beforeAll(async () => {
    rig = await startWebhookFlowRig(services, 'gitlab-flow', { TRACEY_GITLAB_WEBHOOK_TOKEN: TOKEN });
  });

  afterAll(() => rig?.close());

  const deliver = (payload: Json, token = TOKEN) =>
    fetch(`${rig.webhookUrl}/gitlab`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitlab-token': token,
        'x-gitlab-event-uuid': randomUUID(),
      },
      body: JSON.stringify(payload),
    });

  it('stores the flow once from deliveries sent twice and shuffled, and /dora has its figures', async () => {
    const deliveries = gitlabFlow();
    expect((await deliver(deliveries[0] as Json, 'not-the-token')).status).toBe(401);
    for (const payload of shuffledWithDuplicates(deliveries, 20, 1)) {
      const response = await deliver(payload);
      expect(response.status, `${String(payload['object_kind'])}: ${await response.clone().text()}`).toBe(
        200,
      );
    }

    // The payloads give: 3 branch commits, the merge request opened, updated twice, approved and
    // merged, 4 commits on main (the branch's again and the merge), the pipeline finished, the
    // deployment, the incident detected and resolved.
    const expectedCount = 3 + 5 + 4 + 1 + 1 + 2;
    const { driver, broker, topology } = rig.ingest;
    await waitUntil('every event stored', async () => (await storedEventCount(driver)) >= expectedCount);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedEventCount(driver)).toBe(expectedCount);
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);

    const window = `service=acme/shop&environment=production&since=${encodeURIComponent(at(-60))}&until=${encodeURIComponent(at(240))}`;
    const dora = await rig.get<{
      keys: {
        deploymentFrequency: { deployments: number; successful: number };
        leadTime: { sample: number; medianMs: number | null };
        changeFailureRate: { failed: number; deployments: number };
        recoveryTime: {
          sample: number;
          medianMs: number | null;
          fromDeployment: { medianMs: number | null };
        };
      };
    }>(`/dora?${window}`);
    expect(dora.keys.deploymentFrequency).toMatchObject({ deployments: 1, successful: 1 });
    // One change, the merge request, from its first commit (C1, minute 0) to the deployment (90).
    expect(dora.keys.leadTime).toMatchObject({ sample: 1, medianMs: minutes(0, 90) });
    // The incident of the same project and environment, detected within the window: put on it.
    expect(dora.keys.changeFailureRate).toMatchObject({ failed: 1, deployments: 1 });
    expect(dora.keys.recoveryTime).toMatchObject({ sample: 1, medianMs: minutes(120, 180) });
    expect(dora.keys.recoveryTime.fromDeployment.medianMs).toBe(minutes(90, 180));

    const { deployments } = await rig.get<{
      deployments: {
        id: string;
        artifact: string;
        seed: boolean;
        changes: { counted: boolean; eventIds: string[]; stages: Record<string, number | null> }[];
      }[];
    }>(`/dora/deployments?${window}`);
    expect(deployments).toHaveLength(1);
    const [deployment] = deployments;
    expect(deployment?.artifact).toBe(`pkg:gitlab/acme/shop@${MERGE}`);
    // Its stages: first commit → merge request opened (5) → merged (60) → deployed (90).
    expect(deployment?.changes.filter((change) => change.counted)).toEqual([
      expect.objectContaining({ stages: FLOW_STAGES }),
    ]);
    const incidents = await rig.get<{
      incidents: { cause: { deploymentId: string | null; method: string } }[];
    }>(`/dora/incidents?${window}`);
    expect(incidents.incidents.map((incident) => incident.cause)).toEqual([
      { deploymentId: deployment?.id, method: 'window' },
    ]);

    // Trace-up from the first commit: it reached production in that deployment.
    const first = await driver.executeQuery(
      "MATCH (n:Event {commitId: $commit}) WHERE n.type STARTS WITH 'dev.cdevents.change.created' RETURN n.id AS id ORDER BY n.id",
      { commit: C1 },
      { routing: 'READ' },
    );
    expect(first.records.length).toBe(2); // on the branch and on main
    const releases = await rig.get<{ deployments: { id: string; environment: string }[] }>(
      `/trace/${first.records[0]?.get('id') as string}/releases`,
    );
    expect(releases.deployments).toContainEqual(
      expect.objectContaining({ id: deployment?.id, environment: 'production' }),
    );
  });
});
