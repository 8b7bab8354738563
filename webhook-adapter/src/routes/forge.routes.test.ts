import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

// Issue 19: POST /github checks GitHub's signature over the bytes sent, POST /gitlab GitLab's token;
// what passes goes through the built-in mappers and is published; nothing else is.

const SECRET = 'github-webhook-s3cret';
const GITLAB_TOKEN = 'gitlab-webhook-t0ken';
const logger = createLogger({ name: 'forge-test', level: 'silent' });
const github = (path: string) => readFileSync(`${fixturesDir()}/github/webhook-payloads/${path}`, 'utf8');
const gitlab = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../../mapping/fixtures/gitlab/${file}`, import.meta.url)), 'utf8');

/** The events the output received, parsed. */
const events = (output: MemoryOutput): unknown[] =>
  output.messages.map((message) => JSON.parse(message.body) as unknown);

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function harness(forges = { githubSecret: SECRET, gitlabToken: GITLAB_TOKEN }) {
  const output = new MemoryOutput();
  const app = buildWebhookApp({
    token: 'cloudevents-token',
    logger,
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
