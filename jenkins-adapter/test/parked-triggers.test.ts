import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpTestBroker, freePort, testServices, uniqueName, waitUntil } from '@tracey/testing';
import type { AdapterService } from '../src/adapter-service.js';
import type { FailedTriggers, TriggerHistory } from '../src/triggers/triggers.routes.js';
import { installTracey, type InstalledTracey } from '@tracey/producer-cli/testing';
import { artifactCreated, publish, RecordingServer } from './triggers-harness.js';
import { startAdapterWithTriggers } from './support/adapter-with-triggers.js';

const TOKEN = 'adapter-parked-test-token';
const authorization = `Bearer ${TOKEN}`;

// Issue 14, item 6: Jenkins is down for longer than the rule's retry budget (a short one here
// stands for the 5 attempts up to 60 s apart) while a matching event arrives; the trigger is
// parked with its reason instead of forgotten, survives a restart, and once Jenkins is back one
// replay starts exactly one build; more replays and the event coming again start none.
describe('parked triggers', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let work: string;
  let exchange: string;
  let queue: string;
  let jenkins: RecordingServer;
  let jenkinsPort: number;
  let adapter: AdapterService | undefined;
  // `tracey` as users run it: its own process, exit code and output.
  let tracey: InstalledTracey;

  const startWithTriggers = () =>
    startAdapterWithTriggers({ amqpUrl: services.amqpUrl, exchange, token: TOKEN, work, queue });

  const base = () => `http://127.0.0.1:${adapter?.port ?? 0}`;
  async function failed(): Promise<FailedTriggers> {
    const response = await fetch(`${base()}/triggers/failed`, { headers: { authorization } });
    expect(response.status).toBe(200);
    return (await response.json()) as FailedTriggers;
  }
  const metrics = async () => (await fetch(`${base()}/metrics`)).text();
  const builds = () => jenkins.to('/job/app/job/deploy-tests/buildWithParameters');
  const cli = (argv: string[]) =>
    tracey.run(['triggers', 'replay', ...argv], {
      TRACEY_ADAPTER_URL: base(),
      TRACEY_ADAPTER_TOKEN: TOKEN,
    });

  beforeAll(async () => {
    tracey = installTracey('dist');
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    work = await mkdtemp(`${tmpdir()}/tracey-parked-`);
    exchange = await broker.topicExchange('parked-triggers');
    queue = uniqueName('parked-triggers');
    broker.track('queue', queue);
    jenkins = new RecordingServer();
    jenkinsPort = await freePort();
    // Jenkins is down: nothing listens on its port until the test starts it.
    const rule = {
      name: 'deploy-tests',
      bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#'],
      conditions: [{ path: 'data.identity', matches: '^pkg:npm/' }],
      action: {
        type: 'jenkins',
        url: `http://127.0.0.1:${jenkinsPort}/`,
        job: 'app/deploy-tests',
        parameters: { ARTIFACT: '{{data.identity}}' },
        auth: { userEnv: 'JENKINS_USER', tokenEnv: 'JENKINS_TOKEN' },
      },
      retry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 200 },
    };
    await writeFile(`${work}/rules.json`, JSON.stringify({ rules: [rule] }));
    adapter = await startWithTriggers();
  });

  afterAll(async () => {
    tracey?.remove();
    await adapter?.stop();
    await jenkins?.close().catch(() => undefined);
    await broker?.cleanup();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('parks a trigger Jenkins never took, and one replay after Jenkins is back starts one build', async () => {
    const event = artifactCreated('pkg:npm/app@1.0.0');
    await publish(broker, exchange, event);
    await waitUntil('the trigger to be parked', async () => (await failed()).total === 1);
    const [entry] = (await failed()).entries;
    expect(entry).toMatchObject({
      rule: 'deploy-tests',
      eventId: event.messageId,
      eventType: 'EiffelArtifactCreatedEvent',
      attempts: 3,
    });
    expect(entry?.reason).toMatch(
      /^jenkins: Jenkins unreachable: .*ECONNREFUSED.* \(gave up after 3 attempts\)$/,
    );
    expect(await metrics()).toContain('tracey_adapter_triggers_parked 1\n');

    // Writing and reading parked triggers needs the token.
    expect((await fetch(`${base()}/triggers/failed`)).status).toBe(401);
    const anonymous = await fetch(`${base()}/triggers/failed/replay`, { method: 'POST' });
    expect(anonymous.status).toBe(401);

    // Still down: a replay fails once more, the trigger stays parked, the CLI exits 1.
    const early = await cli(['--json']);
    expect(early.exitCode, early.stderr).toBe(1);
    expect(JSON.parse(early.stdout)).toMatchObject({
      error: { code: 'CLI_TRIGGERS_PARKED', message: '1 of 1 triggers stay parked' },
      exitCode: 1,
    });
    expect((await failed()).entries[0]).toMatchObject({ attempts: 4 });

    // A restart keeps it.
    await adapter?.stop();
    adapter = await startWithTriggers();
    expect((await failed()).total).toBe(1);

    await jenkins.listen(jenkinsPort);
    const replay = await cli(['--rule', 'deploy-tests']);
    expect(replay.exitCode, replay.stderr).toBe(0);
    expect(replay.stdout).toContain(`fired deploy-tests ${event.messageId}: Jenkins queued`);
    expect(builds()).toHaveLength(1);
    expect(new URLSearchParams(builds()[0]?.body)).toEqual(
      new URLSearchParams({ ARTIFACT: 'pkg:npm/app@1.0.0', TRACEY_CAUSE: event.messageId }),
    );
    expect(await failed()).toEqual({ enabled: true, total: 0, entries: [] });

    // Once per (rule, event): another replay has nothing to do, the event again is a duplicate.
    const again = await cli(['--json']);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ results: [], notTried: 0 });
    await publish(broker, exchange, event);
    await waitUntil('the event again to be skipped', async () => {
      const response = await fetch(`${base()}/triggers/history`, { headers: { authorization } });
      const history = (await response.json()) as TriggerHistory;
      return history.entries.some(
        (decision) => decision.eventId === event.messageId && decision.decision === 'skipped-duplicate',
      );
    });
    expect(builds()).toHaveLength(1);
    const text = await metrics();
    expect(text).toContain('tracey_adapter_triggers_parked 0\n');
    expect(text).toContain('tracey_adapter_trigger_replays_total{outcome="fired"} 1\n');
  });
});
