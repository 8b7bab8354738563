import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { EventPublisher } from '@tracey/intake';
import { BUILT_IN_MAPPERS, emMetricsDeploymentEventId } from '@tracey/mapping';
import { MemoryOutput } from '@tracey/producer-core/testing';
import type { CloudEventsAnswer } from '../answers.js';
import { buildWebhookApp } from '../build-app.js';

// Issue 19: em-metrics', DevLake's and DevOpstic's own endpoints under /em-metrics, /devlake and
// /devopstic. Each call is checked against what the request itself says, read here: the event types,
// subjects, times and commits a reader of the tool's documentation expects; the same call twice
// gives the same ids; a field the tool requires, left out, is a 400 naming it, publishing nothing.

const TOKEN = 'dora-rest-token';
const logger = createLogger({ name: 'dora-rest-test', level: 'silent' });

type Json = Record<string, unknown>;
interface CdEvent {
  context: { id: string; type: string; timestamp: string; source: string; links?: Json[] };
  subject: { id: string; content: Json };
  customData?: Json;
}

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function harness() {
  const output = new MemoryOutput();
  const app = buildWebhookApp({
    token: TOKEN,
    logger,
    mappers: BUILT_IN_MAPPERS,
    publisher: new EventPublisher(output),
    brokerReady: () => Promise.resolve(),
  });
  open = app;
  const post = (url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const events = () => output.messages.map((message) => JSON.parse(message.body) as CdEvent);
  return { app, output, post, events };
}

const iso = (text: string) => new Date(text).toISOString();
const typeOf = (event: CdEvent) => event.context.type.replace(/^dev\.cdevents\.|\.\d+\.\d+\.\d+$/g, '');

describe('em-metrics at /em-metrics', () => {
  const created = { id: 'dep-41', project_id: 'shop', first_commit_at: '2026-11-30T08:00:00+01:00' };
  const deployed = {
    create_if_not_exists: true,
    project_id: 'shop',
    first_commit_at: '2026-11-30T08:00:00+01:00',
    deploy_start_at: '2026-11-30T09:10:00Z',
    deployed_at: '2026-11-30T09:30:00Z',
  };

  it('maps a deployment started and done to its first commit, an artifact of it, and its deployment', async () => {
    const { post, events } = harness();
    const first = await post('/em-metrics/deployments', created, { authorization: `token ${TOKEN}` });
    expect(first.statusCode, first.body).toBe(201);
    const done = await post('/em-metrics/deployments/dep-41/deployed', deployed);
    expect(done.statusCode, done.body).toBe(200);
    const [change, sameChange, packaged, deployment] = events();
    expect(events()).toHaveLength(4);
    // The first commit, once from each call, is one event (one id, the same content).
    expect(sameChange).toEqual(change);
    expect(typeOf(change!)).toBe('change.created');
    expect(change!.context.timestamp).toBe(iso(created.first_commit_at));
    expect(typeOf(packaged!)).toBe('artifact.packaged');
    expect(packaged!.subject.content['change']).toEqual({ id: change!.subject.id });
    expect(packaged!.context.timestamp).toBe(iso(deployed.deploy_start_at));
    expect(typeOf(deployment!)).toBe('service.deployed');
    expect(deployment!.subject.id).toBe('shop');
    expect(deployment!.subject.content).toEqual({
      environment: { id: 'production' },
      artifactId: packaged!.subject.id,
    });
    expect(deployment!.context.timestamp).toBe(iso(deployed.deployed_at));
    expect(deployment!.context.id).toBe(emMetricsDeploymentEventId('dep-41'));
  });

  it('maps incidents to detected (linked to the deployment) and restored, and names missing fields', async () => {
    const { post, events } = harness();
    const incident = {
      id: 'inc-7',
      project_id: 'shop',
      deployment_id: 'dep-41',
      started_at: '2026-11-30T10:00:00Z',
    };
    expect((await post('/em-metrics/incidents', incident)).statusCode).toBe(201);
    expect(
      (await post('/em-metrics/incidents/inc-7/restored', { date: '2026-11-30T10:45:00Z' })).statusCode,
    ).toBe(200);
    const [detected, resolved] = events();
    expect(typeOf(detected!)).toBe('incident.detected');
    expect(detected!.subject).toEqual({
      id: 'inc-7',
      content: { environment: { id: 'production' }, service: { id: 'shop' } },
    });
    expect(detected!.context.links).toEqual([
      {
        linkType: 'RELATION',
        linkKind: 'CAUSE',
        target: { contextId: emMetricsDeploymentEventId('dep-41') },
      },
    ]);
    expect(typeOf(resolved!)).toBe('incident.resolved');
    expect(resolved!.subject.id).toBe('inc-7');
    expect(resolved!.context.timestamp).toBe('2026-11-30T10:45:00.000Z');

    const before = events().length;
    for (const [url, body, field] of [
      ['/em-metrics/deployments', { project_id: 'shop', first_commit_at: created.first_commit_at }, 'id'],
      ['/em-metrics/deployments', { ...created, first_commit_at: 'yesterday' }, 'first_commit_at'],
      ['/em-metrics/deployments/dep-1/deployed', { create_if_not_exists: false }, 'project_id'],
      ['/em-metrics/incidents', { project_id: 'shop' }, 'id'],
    ] as const) {
      const response = await post(url, body);
      expect(response.statusCode, response.body).toBe(400);
      const error = response.json<{ error: { code: string; message: string; details: { issues: Json[] } } }>()
        .error;
      expect(error.code).toBe('ADAPTER_BAD_REQUEST');
      expect(error.details.issues[0]?.['path']).toBe(field);
      expect(error.message).toContain(field);
    }
    expect(events()).toHaveLength(before);
  });

  it('refuses a call without the token, publishing nothing', async () => {
    const { post, events } = harness();
    const response = await post('/em-metrics/deployments', created, { authorization: 'token wrong' });
    expect(response.statusCode).toBe(401);
    expect((await post('/devopstic/events', {}, { authorization: '' })).statusCode).toBe(401);
    expect(events()).toEqual([]);
  });
});

describe('Apache DevLake at /devlake', () => {
  const single = {
    pipeline_id: 'pipe-9',
    environment: 'PRODUCTION',
    repo_url: 'https://github.com/Acme/Shop.git',
    commit_sha: 'E7'.repeat(20),
    start_time: '2026-11-30T09:00:00+00:00',
    end_time: '2026-11-30T09:30:00+00:00',
    result: 'SUCCESS',
  };

  it('maps a deployment, as curl posts it (no content type), to a deployment of the repository naming its commit', async () => {
    const { post, events } = harness();
    const response = await post('/devlake/api/rest/plugins/webhook/1/deployments', JSON.stringify(single), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.statusCode, response.body).toBe(200);
    const again = await post('/devlake/api/rest/plugins/webhook/1/deployments', single);
    expect(again.json<CloudEventsAnswer>().results[0]).toMatchObject({
      id: response.json<CloudEventsAnswer>().results[0]?.id,
    });
    const [deployment] = events();
    expect(typeOf(deployment!)).toBe('service.deployed');
    expect(deployment!.subject).toEqual({
      id: 'acme/shop',
      content: { environment: { id: 'production' }, artifactId: `pkg:github/acme/shop@${'e7'.repeat(20)}` },
    });
    expect(deployment!.customData).toMatchObject({
      commitId: 'e7'.repeat(20),
      outcome: 'success',
      pipelineId: 'pipe-9',
    });
    expect(deployment!.context.timestamp).toBe('2026-11-30T09:30:00.000Z');
    expect(deployment!.context.source).toBe('/devlake/1');
  });

  it('maps a deployment of several repositories to one deployment each, a failure as failed, an abort to nothing', async () => {
    const { post, events } = harness();
    const commits = [
      { repo_url: 'git@gitlab.example.com:team/api.git', commit_sha: 'a1'.repeat(20) },
      { repo_url: 'https://github.com/acme/web', commit_sha: 'b2'.repeat(20) },
    ];
    const response = await post('/devlake/api/rest/plugins/webhook/connections/by-name/shop/deployments', {
      start_time: '2026-11-30T09:00:00Z',
      environment: 'staging',
      result: 'FAILURE',
      deployment_commits: commits,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(
      events().map((event) => [
        event.subject.id,
        event.customData?.['commitId'],
        event.customData?.['outcome'],
      ]),
    ).toEqual([
      ['team/api', 'a1'.repeat(20), 'failure'],
      ['acme/web', 'b2'.repeat(20), 'failure'],
    ]);
    expect(events()[0]?.subject.content['environment']).toEqual({ id: 'staging' });
    const aborted = await post('/devlake/api/plugins/webhook/1/deployments', { ...single, result: 'ABORT' });
    expect(aborted.statusCode).toBe(202);
    expect(events()).toHaveLength(2);
    for (const [body, field] of [
      [{ ...single, start_time: undefined }, 'start_time'],
      [{ start_time: single.start_time }, 'commit_sha'],
      [{ ...single, repo_url: 'not a url' }, 'repo_url'],
      [
        { start_time: single.start_time, deployment_commits: [{ repo_url: single.repo_url }] },
        'deployment_commits.0.commit_sha',
      ],
      [{ ...single, result: 'MAYBE' }, 'result'],
    ] as const) {
      const refused = await post('/devlake/api/rest/plugins/webhook/1/deployments', body);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(
        refused.json<{ error: { details: { issues: Json[] } } }>().error.details.issues[0]?.['path'],
      ).toBe(field);
    }
    expect(events()).toHaveLength(2);
  });

  it('maps an incident issue to detected and its close to resolved; other issues to nothing', async () => {
    const { post, events } = harness();
    const incident = {
      issue_key: 'DLK-1234',
      title: 'Checkout fails',
      description: `Since the deploy. Root cause: ${'c2'.repeat(20)}`,
      type: 'INCIDENT',
      status: 'TODO',
      original_status: 'open',
      created_date: '2026-11-30T10:00:00+00:00',
      component: 'acme/shop',
    };
    expect((await post('/devlake/api/rest/plugins/webhook/1/issues', incident)).statusCode).toBe(200);
    const closed = await post('/devlake/api/rest/plugins/webhook/1/issue/DLK-1234/close', undefined, {
      'content-type': 'text/plain',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const bug = await post('/devlake/api/rest/plugins/webhook/1/issues', {
      ...incident,
      issue_key: 'DLK-9',
      type: 'BUG',
    });
    expect(bug.statusCode).toBe(202);
    const [detected, resolved] = events();
    expect(events()).toHaveLength(2);
    expect(typeOf(detected!)).toBe('incident.detected');
    expect(detected!.subject).toEqual({
      id: 'DLK-1234',
      content: {
        environment: { id: 'production' },
        service: { id: 'acme/shop' },
        description: 'Checkout fails',
      },
    });
    expect(detected!.customData).toEqual({ rootCause: 'c2'.repeat(20) });
    expect(detected!.context.timestamp).toBe('2026-11-30T10:00:00.000Z');
    expect(typeOf(resolved!)).toBe('incident.resolved');
    expect(resolved!.subject.id).toBe('DLK-1234');
    // Closed when received: within this test's run.
    expect(Date.now() - Date.parse(resolved!.context.timestamp)).toBeLessThan(60_000);
  });
});

describe('DevOpstic at /devopstic/events', () => {
  it('maps commit, submit, approve, deploy and incident status changes', async () => {
    const { post, events } = harness();
    const sha = 'd4'.repeat(20);
    const calls = [
      { type: 'commit', pipeline_id: 'shop', commit_id: sha, timestamp: 1_764_489_600 },
      { type: 'submit', pipeline_id: 'shop', commit_id: sha, timestamp: '2026-11-30T08:10:00Z' },
      { type: 'approve', pipeline_id: 'shop', commit_id: sha, timestamp: '2026-11-30T08:20:00Z' },
      {
        type: 'deploy',
        pipeline_id: 'shop',
        commit_id: sha,
        environment: 'production',
        status: 'success',
        timestamp: '2026-11-30T09:00:00Z',
      },
      {
        type: 'incident_status_change',
        pipeline_id: 'shop',
        incident_id: 'INC-3',
        status: 'open',
        timestamp: '2026-11-30T10:00:00Z',
      },
      {
        type: 'incident_status_change',
        pipeline_id: 'shop',
        incident_id: 'INC-3',
        status: 'resolved',
        timestamp: '2026-11-30T11:00:00Z',
      },
    ];
    for (const call of calls) {
      const response = await post('/devopstic/events', call);
      expect(response.statusCode, response.body).toBe(201);
    }
    const stored = events();
    expect(stored.map(typeOf)).toEqual([
      'change.created',
      'change.created',
      'change.reviewed',
      'service.deployed',
      'incident.detected',
      'incident.resolved',
    ]);
    expect(stored[0]?.customData).toEqual({ commitId: sha });
    // Epoch seconds are read as seconds.
    expect(stored[0]?.context.timestamp).toBe(new Date(1_764_489_600_000).toISOString());
    expect(stored[1]?.customData).toEqual({ headSha: sha });
    expect(stored[2]?.subject.id).toBe(stored[1]?.subject.id);
    expect(stored[3]?.subject.id).toBe('shop');
    expect(stored[3]?.customData).toEqual({ commitId: sha, outcome: 'success' });
    expect(stored[4]?.subject).toEqual({
      id: 'INC-3',
      content: { environment: { id: 'production' }, service: { id: 'shop' } },
    });
    const wrong = await post('/devopstic/events', {
      type: 'merge',
      pipeline_id: 'shop',
      timestamp: '2026-11-30T10:00:00Z',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { message: string } }>().error.message).toContain('type');
    const unknownStatus = await post('/devopstic/events', { ...calls[4], status: 'acknowledged' });
    expect(unknownStatus.statusCode).toBe(202);
    expect(events()).toHaveLength(6);
  });
});
