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
import { at, C1, flow, MERGE, T0 } from './support/github-flow-payloads.js';
import { startWebhookFlowRig, type WebhookFlowRig } from './support/webhook-flow-rig.js';

// Issue 19, Jira: a work item created and started in Jira, a commit naming its key in the GitHub
// flow, the deploy workflow's run as the deployment (TRACEY_GITHUB_DEPLOY_WORKFLOWS), the work item
// resolved; every delivery twice, shuffled, through the spawned adapter to the real broker and
// Neo4j. Lead time from work started (and from the item's creation) to the deployment is the
// difference of the payloads' times, and the graph holds each event once.

const GITHUB_SECRET = 'jira-flow-github-secret';
const JIRA_SECRET = 'jira-flow-jira-secret';
const KEY = 'SHOP-77';
const SITE = 'https://acme.atlassian.net';
const ms = (minutes: number) => T0 + minutes * 60_000;

function jiraIssue(status: string, category: string, resolution: string | null): Json {
  const user = { accountId: '5b10a2844c20165700ede21g', displayName: 'Ada Lovelace' };
  return {
    id: '10077',
    self: `${SITE}/rest/api/2/issue/10077`,
    key: KEY,
    fields: {
      summary: 'Totals per currency in the cart',
      issuetype: { name: 'Story' },
      project: { key: 'SHOP' },
      status: { name: status, statusCategory: { key: category } },
      creator: user,
      reporter: user,
      created: new Date(ms(-120)).toISOString().replace('Z', '+0000'),
      resolution: resolution === null ? null : { name: resolution },
    },
  };
}

/** Created two hours before the first commit, started half an hour before it, done after the deploy. */
function jiraFlow(): Json[] {
  const user = { displayName: 'Ada Lovelace' };
  return [
    {
      timestamp: ms(-120),
      webhookEvent: 'jira:issue_created',
      user,
      issue: jiraIssue('To Do', 'new', null),
    },
    {
      timestamp: ms(-30),
      webhookEvent: 'jira:issue_updated',
      user,
      issue: jiraIssue('In Progress', 'indeterminate', null),
      changelog: { id: '20001', items: [{ field: 'status', fromString: 'To Do', toString: 'In Progress' }] },
    },
    {
      timestamp: ms(200),
      webhookEvent: 'jira:issue_updated',
      user,
      issue: jiraIssue('Done', 'done', 'Done'),
      changelog: {
        id: '20002',
        items: [
          { field: 'resolution', fromString: null, toString: 'Done' },
          { field: 'status', fromString: 'In Progress', toString: 'Done' },
        ],
      },
    },
  ];
}

describe('Jira work items through the webhook adapter', () => {
  const services = testServices();
  let flowRig: WebhookFlowRig;
  let rig: WebhookFlowRig['ingest'];
  let webhookUrl: string;

  beforeAll(async () => {
    flowRig = await startWebhookFlowRig(services, 'jira-flow', {
      TRACEY_WEBHOOK_TOKEN: 'jira-flow-token',
      TRACEY_GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      TRACEY_GITHUB_DEPLOY_WORKFLOWS: '^deploy$',
      TRACEY_JIRA_WEBHOOK_SECRET: JIRA_SECRET,
    });
    ({ ingest: rig, webhookUrl } = flowRig);
  });

  afterAll(() => flowRig?.close());

  const send = (kind: 'github' | 'jira', event: string, payload: Json) => {
    const body = JSON.stringify(payload);
    const signature = createHmac('sha256', kind === 'github' ? GITHUB_SECRET : JIRA_SECRET)
      .update(body)
      .digest('hex');
    return fetch(`${webhookUrl}/${kind}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(kind === 'github'
          ? {
              'x-github-event': event,
              'x-github-delivery': randomUUID(),
              'x-hub-signature-256': `sha256=${signature}`,
            }
          : { 'x-hub-signature': `sha256=${signature}` }),
      },
      body,
    });
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
  const leadTime = async (from: string, to: string): Promise<number> => {
    const response = await flowRig.api.inject({ method: 'GET', url: `/lead-time?from=${from}&to=${to}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ milliseconds: number }>().milliseconds;
  };

  it('times a work item from work started in Jira to the deploy workflow that shipped the commit naming it', async () => {
    // The GitHub flow, its first commit naming the work item; the deploy workflow is the deployment.
    const forge = flow()
      .filter(([event]) => event !== 'deployment_status' && event !== 'issues' && event !== 'ping')
      .map(([event, payload]): [string, Json] => {
        const text = JSON.stringify(payload).replaceAll(
          '"Cart change c1c1c1c"',
          `"${KEY}: cart change c1c1c1c"`,
        );
        return [event, JSON.parse(text) as Json];
      });
    const sends: ['github' | 'jira', string, Json][] = shuffledWithDuplicates(
      [
        ...forge.map(([event, payload]): ['github', string, Json] => ['github', event, payload]),
        ...jiraFlow().map((payload): ['jira', string, Json] => ['jira', '', payload]),
      ],
      31,
      1,
    );
    for (const [kind, event, payload] of sends) {
      const response = await send(kind, event, payload);
      expect([200, 202], `${kind} ${event}: ${await response.clone().text()}`).toContain(response.status);
    }
    // Four commits, the pull request opened, pushed to twice and merged, the run and its
    // deployment; the work item created, started and closed.
    const expectedCount = 4 + 4 + 2 + 3;
    await waitUntil('every event stored', async () => (await storedEventCount(rig.driver)) >= expectedCount);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedEventCount(rig.driver)).toBe(expectedCount);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);

    const created = await eventOf("n.ticketKey = $key AND n.type STARTS WITH 'dev.cdevents.ticket.created'", {
      key: KEY,
    });
    const started = await eventOf("n.ticketKey = $key AND n.ticketStage = 'started'", { key: KEY });
    const closed = await eventOf("n.ticketKey = $key AND n.type STARTS WITH 'dev.cdevents.ticket.closed'", {
      key: KEY,
    });
    const commit = await eventOf(
      "n.commitId = $commit AND n.type STARTS WITH 'dev.cdevents.change.created' AND n.ticketKey = $key",
      { commit: C1, key: KEY },
    );
    const deployment = await eventOf(
      "n.type STARTS WITH 'dev.cdevents.service.deployed' AND n.commitId = $commit",
      {
        commit: MERGE,
      },
    );
    // The run completed at minute 75: work started at -30, the item created at -120.
    expect(await leadTime(started, deployment)).toBe(ms(75) - ms(-30));
    expect(await leadTime(created, deployment)).toBe(ms(75) - ms(-120));
    expect(await leadTime(commit, deployment)).toBe(ms(75) - Date.parse(at(0)));
    // The work item's links, each once: the commit to its creation and its start, the start to
    // the creation, the closing to both.
    const { records } = await rig.driver.executeQuery(
      `MATCH (a:Event)-[r:WORK_ITEM]->(b:Event) WHERE b.id IN $ids
       RETURN a.id AS from, b.id AS to, r.derivedFrom AS field ORDER BY from, to`,
      { ids: [created, started] },
      { routing: 'READ' },
    );
    const links = records.map((record) => `${String(record.get('from'))}>${String(record.get('to'))}`).sort();
    expect(links).toEqual(
      [
        `${commit}>${created}`,
        `${commit}>${started}`,
        `${started}>${created}`,
        `${closed}>${created}`,
        `${closed}>${started}`,
      ].sort(),
    );
  });
});
