import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp, { type ChannelModel, type Channel } from 'amqplib';
import {
  buildWebhookAdapter,
  spawnWebhookAdapter,
  type WebhookAdapterProcess,
} from '@tracey/webhook-adapter/testing';
import { freePort, testServices, waitUntil } from '@tracey/testing';
import { reportFigures } from './support/fault-report.js';
import { faultSeed, seededRandom } from './support/seeded-random.js';

// Issue 19, done when: 2,000 malformed or oversized bodies and forged signatures across the
// webhook adapter's endpoints give 4xx, never a 5xx, errors as JSON, nothing published, and the
// service stays up. The endpoints are read from the adapter's own OpenAPI document, so an intake
// added later is fuzzed too.

const SEED = faultSeed();
const REQUESTS = 2000;
const TOKEN = 'hostile-webhook-token';
const GITHUB_SECRET = 'hostile-github-secret';
const GITLAB_TOKEN = 'hostile-gitlab-token';
const JIRA_SECRET = 'hostile-jira-secret';
const BODY_LIMIT = 8_388_608;

interface Answer {
  readonly status: number;
  readonly body: string;
}

interface Hostile {
  readonly kind: string;
  readonly body: Buffer;
  readonly contentType?: string;
  /** Whether the request carries the endpoint's right credentials (then the body is what is wrong). */
  readonly authentic: boolean;
  readonly headers?: Record<string, string>;
}

/** Bodies that are not what any endpoint takes, each a different way of being wrong. */
function hostileBody(random: () => number): { kind: string; body: Buffer; contentType?: string } {
  const pick = Math.floor(random() * 10);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  switch (pick) {
    case 0:
      return { kind: 'not-json', body: Buffer.from('{"action": "opened", ') };
    case 1:
      return { kind: 'binary-garbage', body: bytes(64 + Math.floor(random() * 4096)) };
    case 2: {
      const depth = 5000 + Math.floor(random() * 20_000);
      return { kind: 'deep-nesting', body: Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`) };
    }
    case 3:
      return { kind: 'json-array', body: Buffer.from(JSON.stringify([{ action: 'opened' }, 1, null])) };
    case 4:
      return { kind: 'json-scalar', body: Buffer.from(JSON.stringify(random() < 0.5 ? 'push' : 42)) };
    case 5:
      return {
        kind: 'wrong-types',
        body: Buffer.from(
          JSON.stringify({
            action: 7,
            object_kind: ['merge_request'],
            pull_request: 'yes',
            commits: { id: 1 },
            specversion: 1,
            id: {},
            type: null,
            source: [],
            ref: false,
            repository: 'acme/shop',
            project: null,
            deployment: { sha: 12 },
            status: {},
          }),
        ),
      };
    case 6:
      return {
        kind: 'wrong-content-type',
        body: Buffer.from('<xml>not json</xml>'),
        contentType: random() < 0.5 ? 'application/xml' : 'text/plain',
      };
    case 7:
      return { kind: 'empty', body: Buffer.alloc(0) };
    case 8:
      return {
        kind: 'prototype-pollution',
        body: Buffer.from(
          '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}, "object_kind": "__proto__", "specversion": "1.0"}',
        ),
      };
    default:
      return {
        kind: 'huge-strings',
        body: Buffer.from(
          JSON.stringify({
            action: 'x'.repeat(100_000),
            object_kind: 'y'.repeat(100_000),
            id: '\u0000'.repeat(1000),
          }),
        ),
      };
  }
}

describe('webhook adapter fed hostile requests', () => {
  const services = testServices();
  const exchange = `tracey.faults.webhook-hostile.${randomUUID()}`;
  const queue = `${exchange}.capture`;
  let connection: ChannelModel;
  let channel: Channel;
  let webhook: WebhookAdapterProcess;
  let port: number;

  beforeAll(async () => {
    connection = await amqp.connect(services.amqpUrl);
    channel = await connection.createChannel();
    // Everything the adapter publishes lands here: nothing must.
    await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: true });
    await channel.assertQueue(queue, { exclusive: true });
    await channel.bindQueue(queue, exchange, '#');
    buildWebhookAdapter();
    port = await freePort();
    webhook = spawnWebhookAdapter({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: exchange,
      TRACEY_WEBHOOK_TOKEN: TOKEN,
      TRACEY_WEBHOOK_PORT: String(port),
      TRACEY_GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      TRACEY_GITLAB_WEBHOOK_TOKEN: GITLAB_TOKEN,
      TRACEY_JIRA_WEBHOOK_SECRET: JIRA_SECRET,
      TRACEY_WEBHOOK_SPOOL_DIR: `/tmp/tracey-webhook-hostile-${randomUUID()}`,
    });
    await waitUntil(
      'the webhook adapter ready',
      () =>
        fetch(`http://127.0.0.1:${port}/ready`).then(
          (response) => response.ok,
          () => false,
        ),
      30_000,
    );
  });

  afterAll(async () => {
    webhook?.child.kill('SIGTERM');
    await webhook?.exited;
    await connection?.close();
  });

  function send(path: string, body: Buffer, headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: { ...headers, 'content-length': body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', () => resolve({ status: res.statusCode ?? 0, body: '' }));
        },
      );
      // The server may answer 413 and close before it read everything: that is an answer too.
      req.on('error', (error) => resolve({ status: -1, body: String(error) }));
      req.end(body);
    });
  }

  /**
   * Why an answer breaks the contract: no 4xx, or an error that is not `{error: {code, message}}`.
   * A JSON object with the right credentials may be a delivery Tracey maps to nothing: 202 (what a
   * forge needs to not retry it), with nothing published.
   */
  function fault(answer: Answer, jsonObject: boolean): string | undefined {
    if (answer.status === -1) return undefined; // connection reset after a 413 on an oversized body
    if (answer.status === 202 && jsonObject) {
      const published = (JSON.parse(answer.body) as { published?: unknown }).published;
      return published === 0 ? undefined : `202 that published ${String(published)}`;
    }
    if (answer.status < 400 || answer.status >= 500)
      return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
    try {
      const { error } = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
      if (typeof error?.code !== 'string' || typeof error.message !== 'string')
        return `not an error answer: ${answer.body.slice(0, 200)}`;
    } catch {
      return `not JSON: ${answer.body.slice(0, 200)}`;
    }
    return undefined;
  }

  it(`answers ${REQUESTS} hostile requests with 4xx, publishes nothing and stays up`, async () => {
    const openapi = (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    // Every route that writes, but those whose whole call is the path (an incident closed or
    // restored: DevLake's and em-metrics' calls without a body), where no body is hostile.
    const routes = Object.entries(openapi.paths)
      .filter(([path, methods]) => 'post' in methods && !/\/(close|restored|finished)$/.test(path))
      .map(([path]) => path.replace(/\{[^}]+\}/g, () => randomUUID()));
    // Not vacuous: CloudEvents, the forges, Jira and the DORA REST intakes at least.
    expect(routes).toEqual(
      expect.arrayContaining([
        '/cloudevents',
        '/github',
        '/gitlab',
        '/jira',
        '/em-metrics/deployments',
        '/devopstic/events',
      ]),
    );
    expect(routes.filter((path) => path.startsWith('/devlake/')).length).toBeGreaterThanOrEqual(4);

    const random = seededRandom(SEED);
    const credentials = (path: string, body: Buffer, authentic: boolean): Record<string, string> => {
      if (path === '/github') {
        const secret = authentic ? GITHUB_SECRET : `${GITHUB_SECRET}-forged`;
        return {
          'x-github-event': random() < 0.8 ? 'pull_request' : 'push',
          'x-hub-signature-256':
            random() < 0.1 && !authentic
              ? 'sha256='
              : `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        };
      }
      if (path === '/gitlab') return { 'x-gitlab-token': authentic ? GITLAB_TOKEN : `${GITLAB_TOKEN}x` };
      if (path === '/jira') {
        const secret = authentic ? JIRA_SECRET : `${JIRA_SECRET}-forged`;
        return { 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
      }
      return { authorization: `Bearer ${authentic ? TOKEN : `${TOKEN}-forged`}` };
    };
    const statuses: Record<string, number> = {};
    const faults: string[] = [];
    const started = Date.now();
    for (let i = 0; i < REQUESTS; i++) {
      const path = routes[i % routes.length] as string;
      // Every 200th request is oversized; a third carry forged credentials over a valid payload.
      const authentic = random() >= 0.33;
      let hostile: Hostile;
      if (i % 200 === 7) {
        hostile = {
          kind: 'oversized',
          body: Buffer.alloc(BODY_LIMIT + 1 + Math.floor(random() * 1000), 0x20),
          authentic,
        };
      } else if (!authentic) {
        const payload = {
          action: 'opened',
          object_kind: 'merge_request',
          pull_request: { html_url: 'https://github.com/acme/shop/pull/1' },
        };
        hostile = { kind: 'forged', body: Buffer.from(JSON.stringify(payload)), authentic };
      } else {
        hostile = { ...hostileBody(random), authentic };
      }
      const answer = await send(path, hostile.body, {
        'content-type': hostile.contentType ?? 'application/json',
        ...credentials(path, hostile.body, hostile.authentic),
      });
      const key = `${hostile.kind} ${answer.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (hostile.kind === 'forged' && answer.status !== 401)
        faults.push(`${path} forged: ${answer.status} ${answer.body.slice(0, 120)}`);
      const jsonObject =
        hostile.authentic && ['wrong-types', 'prototype-pollution', 'huge-strings'].includes(hostile.kind);
      const wrong = fault(answer, jsonObject);
      if (wrong !== undefined) faults.push(`${path} ${hostile.kind}: ${wrong}`);
    }
    expect(faults.slice(0, 20)).toEqual([]);

    // Still up, and nothing reached the broker.
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(webhook.child.exitCode).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    reportFigures('webhook-hostile', {
      seed: SEED,
      routes,
      requests: REQUESTS,
      statuses,
      ms: Date.now() - started,
    });
  });
});
