import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sign } from '@octokit/webhooks-methods';
import { createLogger } from '@tracey/common';
import { EventPublisher } from '@tracey/intake';
import { BUILT_IN_MAPPERS } from '@tracey/mapping';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { fixturesDir } from '@tracey/schemas/testing';
import type { CloudEventsAnswer } from '../answers.js';
import { buildWebhookApp } from '../build-app.js';
import type { ForgeRoutesOptions } from './forge.routes.js';

// Issue 19: POST /github checks GitHub's signature over the bytes sent, POST /gitlab GitLab's token;
// what passes goes through the built-in mappers and is published; nothing else is.

const SECRET = 'github-webhook-s3cret';
const GITLAB_TOKEN = 'gitlab-webhook-t0ken';
const JIRA_SECRET = 'jira-webhook-s3cret';
const logger = createLogger({ name: 'forge-test', level: 'silent' });
const github = (path: string) => readFileSync(`${fixturesDir()}/github/webhook-payloads/${path}`, 'utf8');
const gitlab = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../../mapping/fixtures/gitlab/${file}`, import.meta.url)), 'utf8');
const jira = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../../mapping/fixtures/jira/${file}`, import.meta.url)), 'utf8');

/** The events the output received, parsed. */
const events = (output: MemoryOutput): unknown[] =>
  output.messages.map((message) => JSON.parse(message.body) as unknown);

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function harness(
  forges: ForgeRoutesOptions = { githubSecret: SECRET, gitlabToken: GITLAB_TOKEN, jiraSecret: JIRA_SECRET },
  log = logger,
) {
  const output = new MemoryOutput();
  const app = buildWebhookApp({
    token: 'cloudevents-token',
    logger: log,
    mappers: BUILT_IN_MAPPERS,
    publisher: new EventPublisher(output),
    brokerReady: () => Promise.resolve(),
    forges,
  });
  open = app;
  return { app, output };
}

async function postGithub(app: FastifyInstance, event: string, body: string, signature?: string) {
  return app.inject({
    method: 'POST',
    url: '/github',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': 'bf7ad060-da5f-11ef-94e8-d526e2a0a5f2',
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    },
    payload: body,
  });
}

describe('POST /github', () => {
  it('publishes a signed pull request merge as change.merged, and a redelivery as the same event', async () => {
    const { app, output } = harness();
    const body = github('pull_request/closed.01.json');
    const first = await postGithub(app, 'pull_request', body, await sign(SECRET, body));
    expect(first.statusCode, first.body).toBe(200);
    const again = await postGithub(app, 'pull_request', body, await sign(SECRET, body));
    expect(again.statusCode).toBe(200);
    const [a, b] = [first.json<CloudEventsAnswer>(), again.json<CloudEventsAnswer>()];
    expect(a.results).toEqual([expect.objectContaining({ status: 'published' })]);
    expect(b.results[0]?.id).toBe(a.results[0]?.id);
    const [published] = events(output) as { context: { type: string }; customData: { commitId: string } }[];
    expect(published?.context.type).toBe('dev.cdevents.change.merged.0.3.0');
    expect(published?.customData.commitId).toBe(
      (JSON.parse(body) as { pull_request: { merge_commit_sha: string } }).pull_request.merge_commit_sha,
    );
  });

  it('refuses a missing or wrong signature (401) before it reads the body, and publishes nothing', async () => {
    const { app, output } = harness();
    const body = github('pull_request/opened.01.json');
    for (const signature of [undefined, await sign('another secret', body), 'sha256=00', 'nonsense']) {
      const response = await postGithub(app, 'pull_request', body, signature);
      expect(response.statusCode, String(signature)).toBe(401);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('ADAPTER_UNAUTHORIZED');
    }
    // Signed, but the body changed on the way.
    const tampered = await postGithub(app, 'pull_request', `${body} `, await sign(SECRET, body));
    expect(tampered.statusCode).toBe(401);
    expect(events(output)).toEqual([]);
  });

  it('answers a ping and events it does not map 202, counted and not stored', async () => {
    const { app, output } = harness();
    for (const [event, path] of [
      ['ping', 'ping/ping.json'],
      ['check_run', 'check_run/completed.json'],
    ] as const) {
      const body = github(path);
      const response = await postGithub(app, event, body, await sign(SECRET, body));
      expect(response.statusCode, response.body).toBe(202);
      expect(response.json<CloudEventsAnswer>().ignored).toBe(1);
    }
    expect(events(output)).toEqual([]);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('tracey_webhook_deliveries_total{source="github"} 2');
  });

  it('says which header is missing and refuses a body that is no JSON object (400)', async () => {
    const { app } = harness();
    const body = '[1,2]';
    const noEvent = await app.inject({
      method: 'POST',
      url: '/github',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': await sign(SECRET, body) },
      payload: body,
    });
    expect(noEvent.statusCode).toBe(400);
    expect(noEvent.json<{ error: { message: string } }>().error.message).toContain('x-github-event');
    const notObject = await postGithub(app, 'push', body, await sign(SECRET, body));
    expect(notObject.statusCode).toBe(400);
  });

  it('is not there without its secret', async () => {
    const { app } = harness({ githubSecret: undefined as unknown as string, gitlabToken: GITLAB_TOKEN });
    const body = github('ping/ping.json');
    expect((await postGithub(app, 'ping', body, await sign(SECRET, body))).statusCode).toBe(404);
  });
});

describe('POST /gitlab', () => {
  const post = (app: FastifyInstance, body: string, token?: string) =>
    app.inject({
      method: 'POST',
      url: '/gitlab',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { 'x-gitlab-token': token }),
      },
      payload: body,
    });

  it('publishes a merge with the right token, refuses a wrong or missing one (401)', async () => {
    const { app, output } = harness();
    const body = gitlab('merge_request.merge.json');
    expect((await post(app, body)).statusCode).toBe(401);
    expect((await post(app, body, 'wrong')).statusCode).toBe(401);
    expect(events(output)).toEqual([]);
    const response = await post(app, body, GITLAB_TOKEN);
    expect(response.statusCode, response.body).toBe(200);
    const [published] = events(output) as { context: { type: string } }[];
    expect(published?.context.type).toBe('dev.cdevents.change.merged.0.3.0');
  });

  it('answers a push 202 (not mapped), and a payload without object_kind 400 naming it', async () => {
    const { app } = harness();
    expect((await post(app, gitlab('push.json'), GITLAB_TOKEN)).statusCode).toBe(202);
    const response = await post(app, '{"project": {}}', GITLAB_TOKEN);
    expect(response.statusCode).toBe(400);
    expect(
      response.json<{ error: { details: { issues: { path: string }[] } } }>().error.details.issues[0]?.path,
    ).toBe('object_kind');
  });
});

describe('POST /jira', () => {
  const post = (
    app: FastifyInstance,
    body: string,
    auth: { url?: string; headers?: Record<string, string> },
  ) =>
    app.inject({
      method: 'POST',
      url: auth.url ?? '/jira',
      headers: {
        'content-type': 'application/json',
        'x-atlassian-webhook-identifier': '7c1a1d2e-0000-4000-8000-00000000a001',
        ...auth.headers,
      },
      payload: body,
    });

  it('publishes a created issue with the secret signed, as a bearer token or in the URL; refuses others (401)', async () => {
    const lines = new PassThrough();
    const logged: string[] = [];
    lines.on('data', (chunk: Buffer) => logged.push(chunk.toString('utf8')));
    const { app, output } = harness(
      { jiraSecret: JIRA_SECRET },
      createLogger({ name: 'jira-test', level: 'info', destination: lines }),
    );
    const body = jira('issue_created.story.json');
    for (const auth of [
      {},
      { url: '/jira?secret=wrong' },
      { headers: { authorization: 'Bearer wrong' } },
      { headers: { 'x-hub-signature': await sign('another secret', body) } },
      // A right secret in the URL does not make a wrong signature right.
      { url: `/jira?secret=${JIRA_SECRET}`, headers: { 'x-hub-signature': 'sha256=00' } },
    ]) {
      const response = await post(app, body, auth);
      expect(response.statusCode, JSON.stringify(auth)).toBe(401);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('ADAPTER_UNAUTHORIZED');
    }
    expect(events(output)).toEqual([]);
    for (const auth of [
      { headers: { 'x-hub-signature': await sign(JIRA_SECRET, body) } },
      { headers: { authorization: `Bearer ${JIRA_SECRET}` } },
      { url: `/jira?secret=${encodeURIComponent(JIRA_SECRET)}` },
    ]) {
      const response = await post(app, body, auth);
      expect(response.statusCode, response.body).toBe(200);
    }
    // Three deliveries of one issue: one event, published three times (the graph keeps one).
    const published = events(output) as { context: { id: string; type: string }; subject: { id: string } }[];
    expect(new Set(published.map((event) => event.context.id)).size).toBe(1);
    expect(published[0]?.context.type).toBe('dev.cdevents.ticket.created.0.2.0');
    expect(published[0]?.subject.id).toBe('SHOP-123');
    // The secret of the URL is in no log line.
    await new Promise((resolve) => setImmediate(resolve));
    expect(logged.join('')).toContain('/jira?secret=***');
    expect(logged.join('')).not.toContain(JIRA_SECRET);
  });

  it('answers 202 for an update that starts or ends no work, 400 naming webhookEvent when it is missing', async () => {
    const { app, output } = harness();
    const auth = { headers: { authorization: `Bearer ${JIRA_SECRET}` } };
    const summary = await post(app, jira('issue_updated.summary.json'), auth);
    expect(summary.statusCode, summary.body).toBe(202);
    expect(summary.json<CloudEventsAnswer>().ignored).toBe(1);
    const started = await post(app, jira('issue_updated.in-progress.json'), auth);
    expect(started.statusCode, started.body).toBe(200);
    expect((events(output)[0] as { customData: { stage: string } }).customData.stage).toBe('started');
    const response = await post(app, '{"issue": {}}', auth);
    expect(response.statusCode).toBe(400);
    expect(
      response.json<{ error: { details: { issues: { path: string }[] } } }>().error.details.issues[0]?.path,
    ).toBe('webhookEvent');
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('tracey_webhook_deliveries_total{source="jira"} 2');
  });

  it('is not there without its secret', async () => {
    const { app } = harness({ githubSecret: SECRET });
    const response = await post(app, jira('issue_created.story.json'), { url: '/jira?secret=guess' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('guess');
  });
});
