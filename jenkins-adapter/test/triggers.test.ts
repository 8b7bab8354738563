import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AmqpTestBroker, testServices, uniqueName } from '@tracey/testing';
import type { DecisionEntry } from '../src/triggers/decision-log.js';
import { publishedEventId } from '../src/triggers/publish-action.js';
import { TriggerService, type TriggerServiceOptions } from '../src/triggers/trigger-service.js';
import {
  artifactCreated,
  compositionDefined,
  eventually,
  nextMessage,
  publish,
  RecordingServer,
} from './triggers-harness.js';
import { quietLogger } from './support/quiet-logger.js';

const env = {
  JENKINS_USER: 'ci-bot',
  JENKINS_TOKEN: 'api-token-1',
  JENKINS_PASSWORD: 'pw',
  HOOK_TOKEN: 'hook-secret',
};

let broker: AmqpTestBroker;
let work: string;
let exchange: string;
let jenkins: RecordingServer;
let jenkinsUrl: string;
const services: TriggerService[] = [];

beforeAll(async () => {
  broker = await AmqpTestBroker.connect(testServices().amqpUrl);
  work = await mkdtemp(`${tmpdir()}/tracey-triggers-`);
});
afterAll(async () => {
  await broker.cleanup();
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  exchange = await broker.topicExchange('triggers');
  jenkins = new RecordingServer();
  jenkinsUrl = await jenkins.listen();
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  await jenkins.close();
});

const npmTestsRule = (extra: Record<string, unknown> = {}) => ({
  name: 'npm-tests',
  bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#'],
  conditions: [{ path: 'data.identity', matches: '^pkg:npm/' }],
  action: {
    type: 'jenkins',
    url: jenkinsUrl,
    job: 'team/app tests',
    parameters: { ARTIFACT: '{{data.identity}}', NOTE: 'from {{meta.type}}' },
    auth: { userEnv: 'JENKINS_USER', tokenEnv: 'JENKINS_TOKEN' },
  },
  retry: { attempts: 5, initialDelayMs: 50, maxDelayMs: 200 },
  ...extra,
});

async function writeRules(rules: unknown[]): Promise<string> {
  const file = `${await mkdtemp(`${work}/rules-`)}/triggers.json`;
  await writeFile(file, JSON.stringify({ rules }));
  return file;
}

async function startService(
  rulesFile: string,
  overrides: Partial<TriggerServiceOptions> = {},
): Promise<TriggerService> {
  const queue = overrides.queue ?? uniqueName('triggers');
  broker.track('queue', queue);
  const service = new TriggerService({
    amqpUrl: testServices().amqpUrl,
    exchange,
    queue,
    rulesFile,
    stateDir: await mkdtemp(`${work}/state-`),
    env,
    api: { url: 'http://127.0.0.1:1/', token: undefined },
    logger: quietLogger,
    ...overrides,
  });
  await service.start();
  services.push(service);
  return service;
}

function decisions(service: TriggerService, eventId: string): DecisionEntry[] {
  return service.history
    .newest(1_000)
    .filter((entry) => entry.eventId === eventId)
    .reverse();
}

const until = (service: TriggerService, eventId: string, decision: DecisionEntry['decision'], count = 1) =>
  eventually(`${count} × ${decision} for ${eventId}`, () => {
    const found = decisions(service, eventId).filter((entry) => entry.decision === decision);
    return found.length >= count ? found : undefined;
  });

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('Jenkins triggers', () => {
  it('starts one build per matching event, with its parameters, TRACEY_CAUSE and the API token', async () => {
    const service = await startService(await writeRules([npmTestsRule()]));
    jenkins.respond = (_request, index, response) =>
      response.writeHead(201, { location: `${jenkinsUrl}queue/item/${index + 1}/` }).end();
    const npm = artifactCreated('pkg:npm/%40acme/app@1.0.0');
    const maven = artifactCreated('pkg:maven/com.acme/app@1.0.0');
    await publish(broker, exchange, npm);
    await publish(broker, exchange, maven);
    await publish(broker, exchange, npm); // the same event again, e.g. a producer re-sending it

    await until(service, npm.messageId, 'skipped-duplicate');
    await until(service, npm.messageId, 'fired');
    await until(service, maven.messageId, 'not-matched');
    const builds = jenkins.to('/buildWithParameters');
    expect(builds).toHaveLength(1);
    const [build] = builds;
    expect(build?.method).toBe('POST');
    expect(build?.path).toBe('/job/team/job/app%20tests/buildWithParameters');
    expect(build?.headers.authorization).toBe(
      `Basic ${Buffer.from('ci-bot:api-token-1').toString('base64')}`,
    );
    expect(build?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(build?.body ?? '')).toEqual({
      ARTIFACT: 'pkg:npm/%40acme/app@1.0.0',
      NOTE: 'from EiffelArtifactCreatedEvent',
      TRACEY_CAUSE: npm.messageId,
    });
    // The copy is skipped whether it comes while the first is still being fired or after it: the
    // two decisions may be recorded in either order.
    const npmDecisions = decisions(service, npm.messageId);
    expect(npmDecisions[0]?.decision).toBe('matched');
    expect(npmDecisions.map((entry) => entry.decision).sort()).toEqual([
      'fired',
      'matched',
      'skipped-duplicate',
    ]);
    expect(npmDecisions.find((entry) => entry.decision === 'fired')?.reason).toBe(
      `Jenkins queued team/app tests as ${jenkinsUrl}queue/item/1/`,
    );
    expect(decisions(service, maven.messageId)[0]?.reason).toBe('not: data.identity matches /^pkg:npm//');
  });

  it('never starts a job twice when the consumer dies before its ack, nor after a restart', async () => {
    const rulesFile = await writeRules([npmTestsRule()]);
    const queue = uniqueName('triggers');
    const stateDir = await mkdtemp(`${work}/state-`);
    const connections: ChannelModel[] = [];
    const service = await startService(rulesFile, {
      queue,
      stateDir,
      connect: async (url, options) => {
        const connection = await connect(url, options);
        connections.push(connection);
        return connection;
      },
    });
    // Jenkins takes the build, but the consumer's connection is gone before it can ack.
    jenkins.respond = async (_request, _index, response) => {
      await connections[0]?.close();
      response.writeHead(201).end();
    };
    const event = artifactCreated('pkg:npm/app@2.0.0');
    await publish(broker, exchange, event);
    const [skipped] = await until(service, event.messageId, 'skipped-duplicate');
    expect(connections.length).toBeGreaterThanOrEqual(2); // it reconnected and got the event again
    expect(skipped?.reason).toMatch(/^already (fired for this event|being handled)$/);
    expect(jenkins.to('/buildWithParameters')).toHaveLength(1);

    // A new process with the same state directory remembers what fired.
    await service.stop();
    services.splice(services.indexOf(service), 1);
    const restarted = await startService(rulesFile, { queue, stateDir });
    await publish(broker, exchange, event);
    const [again] = await until(restarted, event.messageId, 'skipped-duplicate');
    expect(again?.reason).toBe('already fired for this event');
    expect(jenkins.to('/buildWithParameters')).toHaveLength(1);
    // Every delivery was acked: once the consumer is gone, nothing is back in the queue.
    await restarted.stop();
    expect((await broker.channel.checkQueue(queue)).messageCount).toBe(0);
  });

  it('retries a failing Jenkins with backoff and shows each attempt in the history', async () => {
    const service = await startService(await writeRules([npmTestsRule()]));
    jenkins.respond = (_request, index, response) =>
      index < 2 ? response.writeHead(500).end('Jenkins is restarting') : response.writeHead(201).end();
    const event = artifactCreated('pkg:npm/app@3.0.0');
    await publish(broker, exchange, event);
    await until(service, event.messageId, 'fired');
    expect(jenkins.to('/buildWithParameters')).toHaveLength(3);
    const history = decisions(service, event.messageId);
    expect(history.map((entry) => [entry.decision, entry.attempt])).toEqual([
      ['matched', undefined],
      ['retrying', 1],
      ['retrying', 2],
      ['fired', 3],
    ]);
    expect(history[1]?.reason).toMatch(
      /^jenkins: Jenkins answered 500: Jenkins is restarting; next attempt in \d+ ms$/,
    );
  });

  it('gives up after the rule’s attempts, and at once on an answer that will not change', async () => {
    const rules = [
      npmTestsRule({ retry: { attempts: 2, initialDelayMs: 20, maxDelayMs: 20 } }),
      { ...npmTestsRule(), name: 'missing-job', action: { ...npmTestsRule().action, job: 'gone' } },
    ];
    const service = await startService(await writeRules(rules));
    jenkins.respond = (request, _index, response) =>
      response.writeHead(request.path.startsWith('/job/gone/') ? 404 : 503).end();
    const event = artifactCreated('pkg:npm/app@4.0.0');
    await publish(broker, exchange, event);
    const failed = await until(service, event.messageId, 'failed', 2);
    expect(failed.map((entry) => [entry.rule, entry.attempt, entry.reason])).toEqual([
      ['npm-tests', 2, 'jenkins: Jenkins answered 503 (gave up after 2 attempts)'],
      ['missing-job', 1, 'Jenkins answered 404'],
    ]);
    expect(jenkins.to('/buildWithParameters')).toHaveLength(3);
  });

  it('counts a 303 (Jenkins had an identical build queued) as fired, without following it', async () => {
    const service = await startService(await writeRules([npmTestsRule()]));
    jenkins.respond = (_request, _index, response) =>
      response.writeHead(303, { location: `${jenkinsUrl}queue/item/7/` }).end();
    const event = artifactCreated('pkg:npm/app@4.5.0');
    await publish(broker, exchange, event);
    const [fired] = await until(service, event.messageId, 'fired');
    expect(fired?.reason).toBe('Jenkins already had this build queued (team/app tests)');
    expect(jenkins.requests.map((request) => request.path)).toEqual([
      '/job/team/job/app%20tests/buildWithParameters',
    ]);
  });

  it('fetches a CSRF crumb and sends it with its session cookie when configured with a password', async () => {
    const rule = npmTestsRule({
      action: {
        ...npmTestsRule().action,
        auth: { userEnv: 'JENKINS_USER', passwordEnv: 'JENKINS_PASSWORD' },
      },
    });
    const service = await startService(await writeRules([rule]));
    jenkins.respond = (request, _index, response) => {
      if (request.path === '/crumbIssuer/api/json') {
        response
          .writeHead(200, {
            'content-type': 'application/json',
            'set-cookie': 'JSESSIONID.abc=s1; Path=/; HttpOnly',
          })
          .end(JSON.stringify({ crumbRequestField: 'Jenkins-Crumb', crumb: 'crumb-1' }));
      } else response.writeHead(201).end();
    };
    const event = artifactCreated('pkg:npm/app@5.0.0');
    await publish(broker, exchange, event);
    await until(service, event.messageId, 'fired');
    const password = `Basic ${Buffer.from('ci-bot:pw').toString('base64')}`;
    expect(jenkins.to('/crumbIssuer/api/json')[0]?.headers.authorization).toBe(password);
    const [build] = jenkins.to('/buildWithParameters');
    expect(build?.headers).toMatchObject({
      authorization: password,
      'jenkins-crumb': 'crumb-1',
      cookie: 'JSESSIONID.abc=s1',
    });
  });
});

describe('webhook and publish actions', () => {
  it('POSTs the event as JSON with TRACEY_CAUSE and the bearer token', async () => {
    const rule = {
      name: 'hook',
      bindingKeys: ['eiffel.artifact.#'],
      eventTypes: ['ArtifactCreated'],
      action: {
        type: 'webhook',
        url: `${jenkinsUrl}hooks/artifact`,
        parameters: { identity: '{{data.identity}}' },
        bearerEnv: 'HOOK_TOKEN',
      },
    };
    const service = await startService(await writeRules([rule]));
    jenkins.respond = (_request, _index, response) => response.writeHead(204).end();
    const event = artifactCreated('pkg:generic/tool@1');
    await publish(broker, exchange, event);
    await until(service, event.messageId, 'fired');
    const [call, ...more] = jenkins.to('/hooks/artifact');
    expect(more).toEqual([]);
    expect(call?.headers).toMatchObject({
      authorization: 'Bearer hook-secret',
      'content-type': 'application/json',
    });
    expect(JSON.parse(call?.body ?? '')).toEqual({
      rule: 'hook',
      TRACEY_CAUSE: event.messageId,
      parameters: { identity: 'pkg:generic/tool@1' },
      event: JSON.parse(event.body) as unknown,
    });
  });

  it('publishes a new event linked to its cause, its id derived from the rule and the cause', async () => {
    const rule = {
      name: 'mark-candidate',
      bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#'],
      action: {
        type: 'publish',
        eventType: 'ConfidenceLevelModified',
        data: { name: 'triggered', value: 'SUCCESS' },
        links: [{ type: 'SUBJECT', target: '{{meta.id}}' }],
      },
    };
    const published = await broker.boundQueue(exchange, ['eiffel.*.EiffelConfidenceLevelModifiedEvent.#']);
    const service = await startService(await writeRules([rule]));
    const event = artifactCreated('pkg:npm/app@6.0.0');
    await publish(broker, exchange, event);
    await until(service, event.messageId, 'fired');
    const body = JSON.parse((await nextMessage(broker, published)).toString('utf8')) as {
      meta: { id: string; type: string };
      data: unknown;
      links: unknown[];
    };
    expect(body.meta).toMatchObject({
      id: publishedEventId('mark-candidate', event.messageId),
      type: 'EiffelConfidenceLevelModifiedEvent',
    });
    expect(body.data).toMatchObject({ name: 'triggered', value: 'SUCCESS' });
    expect(body.links).toEqual(
      expect.arrayContaining([
        { type: 'CAUSE', target: event.messageId },
        { type: 'SUBJECT', target: event.messageId },
      ]),
    );
  });
});

describe('rules reload', () => {
  it('rebinds the queue to the new rules, and keeps the old ones when the new file is bad', async () => {
    const rulesFile = await writeRules([npmTestsRule()]);
    const queue = uniqueName('triggers');
    const service = await startService(rulesFile, { queue });
    const hook = {
      name: 'composition-hook',
      bindingKeys: ['eiffel.*.EiffelCompositionDefinedEvent.#'],
      action: { type: 'webhook', url: `${jenkinsUrl}hooks/composition` },
    };
    await writeFile(rulesFile, JSON.stringify({ rules: [hook] }));
    expect((await service.reload()).ok).toBe(true);
    expect(service.rules.map((rule) => rule.name)).toEqual(['composition-hook']);

    await writeFile(
      rulesFile,
      JSON.stringify({ rules: [{ ...hook, action: { type: 'webhook', url: 'nope' } }] }),
    );
    const bad = await service.reload();
    expect(bad.ok === false && bad.error.details['reasons']).toEqual([
      'rule 1 "composition-hook": action.url: must be an http:// or https:// URL',
    ]);
    expect(service.rules.map((rule) => rule.name)).toEqual(['composition-hook']);

    const composition = compositionDefined('app-1.0');
    await publish(broker, exchange, composition);
    await until(service, composition.messageId, 'fired');
    expect(jenkins.to('/hooks/composition')).toHaveLength(1);

    // The old binding is gone: with the consumer stopped, only the composition stays in the queue.
    await service.stop();
    await publish(broker, exchange, artifactCreated('pkg:npm/app@7.0.0'));
    await publish(broker, exchange, compositionDefined('app-1.1'));
    expect((await broker.channel.checkQueue(queue)).messageCount).toBe(1);
    expect(jenkins.to('/buildWithParameters')).toHaveLength(0);
  });
});
