import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpTestBroker, freePort, testServices, uniqueName, waitUntil } from '@tracey/testing';
import type { DecisionEntry } from '../src/triggers/decision-log.js';
import type { TriggerHistory } from '../src/triggers/triggers.routes.js';
import { buildAdapter, spawnAdapter } from '@tracey/jenkins-adapter/testing';
import { artifactCreated, publish, RecordingServer } from './triggers-harness.js';

// The triggers as deployed: `node jenkins-adapter/dist/main.js` with TRACEY_TRIGGER_RULES.
const TOKEN = 'triggers-process-token';

const rule = (name: string, jenkinsUrl: string) => `
  - name: ${name}
    bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#']
    conditions:
      - { path: data.identity, matches: '^pkg:npm/' }
    action:
      type: jenkins
      url: ${jenkinsUrl}
      job: app-tests
      parameters: { ARTIFACT: '{{data.identity}}' }
      auth: { userEnv: JENKINS_USER, tokenEnv: JENKINS_TOKEN }
`;

describe('tracey-jenkins-adapter with triggers', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let work: string;
  let jenkins: RecordingServer;
  let jenkinsUrl: string;

  beforeAll(async () => {
    buildAdapter();
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    work = await mkdtemp(`${tmpdir()}/tracey-triggers-process-`);
    jenkins = new RecordingServer();
    jenkinsUrl = await jenkins.listen();
  }, 180_000);

  afterAll(async () => {
    await jenkins.close();
    await broker?.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  it('exits 2 naming the rule and field of a bad rules file', async () => {
    const rulesFile = `${work}/bad.yaml`;
    await writeFile(rulesFile, `rules:${rule('npm-tests', 'not a url')}`);
    const adapter = spawnAdapter(
      {
        TRACEY_AMQP_URL: services.amqpUrl,
        TRACEY_ADAPTER_TOKEN: TOKEN,
        TRACEY_ADAPTER_PORT: String(await freePort()),
        TRACEY_TRIGGER_RULES: rulesFile,
        TRACEY_TRIGGER_STATE_DIR: `${work}/state-bad`,
        JENKINS_USER: 'ci',
      },
      'info',
    );
    expect(await adapter.exited).toBe(2);
    expect(adapter.output()).toContain('rule 1 "npm-tests": action.url: must be an http:// or https:// URL');
    expect(adapter.output()).toContain(
      'rule 1 "npm-tests": action.auth.tokenEnv: environment variable JENKINS_TOKEN is not set',
    );
  });

  it('triggers Jenkins, shows the history to token holders only, reloads on SIGHUP, stops on SIGTERM', async () => {
    const exchange = await broker.topicExchange('triggers-process');
    const queue = uniqueName('triggers-process');
    broker.track('queue', queue);
    const rulesFile = `${work}/triggers.yaml`;
    await writeFile(rulesFile, `rules:${rule('npm-tests', jenkinsUrl)}`);
    const port = await freePort();
    const adapter = spawnAdapter(
      {
        TRACEY_AMQP_URL: services.amqpUrl,
        TRACEY_EXCHANGE: exchange,
        TRACEY_ADAPTER_TOKEN: TOKEN,
        TRACEY_ADAPTER_PORT: String(port),
        TRACEY_API_URL: `http://127.0.0.1:${await freePort()}`,
        TRACEY_TRIGGER_RULES: rulesFile,
        TRACEY_TRIGGER_QUEUE: queue,
        TRACEY_TRIGGER_STATE_DIR: `${work}/state`,
        TRACEY_AUDIT_FILE: `${work}/audit/jenkins-adapter.jsonl`,
        JENKINS_USER: 'ci',
        JENKINS_TOKEN: 'jenkins-api-token',
      },
      'info',
    );
    const base = `http://127.0.0.1:${port}`;
    const authorization = `Bearer ${TOKEN}`;
    await waitUntil('the adapter to be ready', () =>
      fetch(`${base}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    );
    const history = async (query = ''): Promise<TriggerHistory> => {
      const response = await fetch(`${base}/triggers/history${query}`, { headers: { authorization } });
      expect(response.status).toBe(200);
      return (await response.json()) as TriggerHistory;
    };

    expect((await fetch(`${base}/triggers/history`)).status).toBe(401);
    const wrong = await fetch(`${base}/triggers/history`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const badLimit = await fetch(`${base}/triggers/history?limit=0`, { headers: { authorization } });
    expect(badLimit.status).toBe(400);
    expect(await history()).toEqual({ enabled: true, rules: ['npm-tests'], entries: [], dropped: 0 });

    const event = artifactCreated('pkg:npm/app@1.0.0');
    await publish(broker, exchange, event);
    await waitUntil('the trigger to fire', async () =>
      (await history()).entries.some((entry) => entry.decision === 'fired'),
    );
    const [build, ...more] = jenkins.to('/buildWithParameters');
    expect(more).toEqual([]);
    expect(build?.path).toBe('/job/app-tests/buildWithParameters');
    expect(build?.headers.authorization).toBe(
      `Basic ${Buffer.from('ci:jenkins-api-token').toString('base64')}`,
    );
    expect(Object.fromEntries(new URLSearchParams(build?.body))).toEqual({
      ARTIFACT: 'pkg:npm/app@1.0.0',
      TRACEY_CAUSE: event.messageId,
    });
    const newest: readonly DecisionEntry[] = (await history('?limit=1')).entries;
    expect(newest).toEqual([
      expect.objectContaining({
        rule: 'npm-tests',
        eventId: event.messageId,
        eventType: 'EiffelArtifactCreatedEvent',
        decision: 'fired',
        attempt: 1,
      }),
    ]);
    expect((await history()).entries.map((entry) => entry.decision)).toEqual(['fired', 'matched']);
    // The audit trail (issue 24): the refusals, the calls by the token's name, the trigger fired.
    const trail = (await readFile(`${work}/audit/jenkins-adapter.jsonl`, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'refused',
          actor: null,
          reason: 'missing',
          route: '/triggers/history',
        }),
        expect.objectContaining({ kind: 'refused', actor: null, reason: 'wrong', scope: 'trigger' }),
        expect.objectContaining({
          kind: 'request',
          actor: 'TRACEY_ADAPTER_TOKEN',
          method: 'GET',
          route: '/triggers/history',
          status: 400,
        }),
        expect.objectContaining({
          kind: 'trigger',
          rule: 'npm-tests',
          eventId: event.messageId,
          decision: 'fired',
          attempt: 1,
        }),
      ]),
    );
    expect(JSON.stringify(trail)).not.toContain(TOKEN);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('tracey_adapter_trigger_decisions_total{decision="matched"} 1');
    expect(metrics).toContain('tracey_adapter_trigger_decisions_total{decision="fired"} 1');

    // SIGHUP: a bad file is refused and logged, a good one replaces the rules.
    await writeFile(rulesFile, 'rules: [');
    adapter.child.kill('SIGHUP');
    await waitUntil('the refused reload to be logged', () =>
      Promise.resolve(adapter.output().includes('keeping the previous rules')),
    );
    expect((await history()).rules).toEqual(['npm-tests']);
    await writeFile(rulesFile, `rules:${rule('npm-tests-v2', jenkinsUrl)}`);
    adapter.child.kill('SIGHUP');
    await waitUntil('the new rules', async () => (await history()).rules[0] === 'npm-tests-v2');

    adapter.child.kill('SIGTERM');
    expect(await adapter.exited).toBe(0);
    expect(adapter.output()).not.toContain('jenkins-api-token');
  });
});
