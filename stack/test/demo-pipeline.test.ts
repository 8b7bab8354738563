import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { buildEventId } from '@tracey/jenkins-adapter';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  freePort,
  resetTestGraph,
  testServices,
  uniqueName,
} from '@tracey/testing';
import {
  DEMO_ARTIFACT_IDENTITY,
  DEMO_VERSION,
  THIRD_PARTY_IDENTITY,
  TRACKER_DOMAIN,
  runDemoPipeline,
  type DemoPipelineIds,
} from '../src/demo/demo-pipeline.js';
import { demoTriggerRules } from '../src/demo/demo-trigger-rules.js';
import { FakeJenkins } from '../src/demo/fake-jenkins.js';
import { TraceyCli } from '../src/demo/tracey-cli.js';
import { planServices } from '../src/service-plan.js';
import { loadStackConfig } from '../src/config.js';
import { Supervisor } from '../src/supervisor.js';

// What `npm start` + `npm run demo` do, on the real RabbitMQ and Neo4j: the built services as
// processes under the stack's supervisor (on a unique exchange and queues, free ports), the demo
// pipeline through the real `tracey` CLI and the real adapter, then every answer checked.
const root = fileURLToPath(new URL('../../', import.meta.url));
const ADAPTER_TOKEN = 'e2e-adapter-token';
const API_TOKEN = 'e2e-api-token';

/** The environment without the caller's TRACEY_* settings, so only the test's own apply. */
function baseEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TRACEY_')));
}

describe('the demo pipeline end to end: CLI and Jenkins adapter in, trace reports and lead time out', () => {
  const services = testServices();
  const work = mkdtempSync(`${tmpdir()}/tracey-e2e-`);
  const lines: string[] = [];
  let driver: Driver;
  let broker: AmqpTestBroker;
  let supervisor: Supervisor | undefined;
  let jenkins: FakeJenkins;
  let cli: TraceyCli;
  let apiUrl: string;
  let aggregatorUrl: string;
  let ids: DemoPipelineIds;
  let published = 0;

  /** `tracey <argv> --json`, parsed. */
  async function ask(argv: string[]): Promise<Record<string, unknown>> {
    const run = await cli.run([...argv, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  }

  async function eventTime(id: string): Promise<number> {
    const response = await fetch(`${apiUrl}/events/${id}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { meta: { time: number } }).meta.time;
  }

  async function rows(cypher: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    return (await driver.executeQuery(cypher, params)).records.map((record) => record.toObject());
  }

  /** A counter's value (summed over its labels) from the aggregator's /metrics. */
  async function aggregatorCounter(name: string): Promise<number> {
    const text = await (await fetch(aggregatorUrl)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  }

  beforeAll(async () => {
    // The services run from their builds, as `npm start` runs them (CI has built them already).
    const build = spawnSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-b', 'aggregator', 'api', 'jenkins-adapter', 'producer-cli'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(build.status, build.stdout).toBe(0);

    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    const topology = await declareTestTopology(broker, 'e2e');
    const triggerQueue = uniqueName('e2e-triggers');
    broker.track('queue', triggerQueue);

    jenkins = new FakeJenkins();
    await jenkins.listen(0);
    const rules = `${work}/trigger-rules.json`;
    writeFileSync(rules, JSON.stringify(demoTriggerRules(jenkins.url)));

    const [apiPort, adapterPort, aggregatorPort, webhookPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const env = {
      ...baseEnv(),
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_QUEUE: topology.queue,
      TRACEY_DEAD_LETTER_QUEUE: topology.deadLetterQueue,
      TRACEY_TRIGGER_QUEUE: triggerQueue,
      TRACEY_TRIGGER_STATE_DIR: `${work}/triggers`,
      TRACEY_NEO4J_URL: services.neo4jUrl,
      TRACEY_NEO4J_USER: services.neo4jUser,
      TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
      TRACEY_API_PORT: String(apiPort),
      TRACEY_ADAPTER_PORT: String(adapterPort),
      TRACEY_AGGREGATOR_PORT: String(aggregatorPort),
      TRACEY_WEBHOOK_PORT: String(webhookPort),
      TRACEY_WEBHOOK_TOKEN: 'e2e-webhook-token',
      TRACEY_WEBHOOK_SPOOL_DIR: `${work}/webhook-spool`,
      TRACEY_ADAPTER_TOKEN: ADAPTER_TOKEN,
      TRACEY_API_TOKEN: API_TOKEN,
      TRACEY_LOG_LEVEL: 'warn',
    };
    const config = loadStackConfig(env);
    if (!config.ok) throw new Error(JSON.stringify(config.issues));
    supervisor = new Supervisor({
      root,
      services: planServices(config.config, env, { defaultTriggerRules: rules }),
      onLine: (name, line) => lines.push(`${name} │ ${line}`),
      stopMs: 10_000,
      readyTimeoutMs: 60_000,
    });
    expect(await supervisor.start(), lines.join('\n')).toBe(true);
    apiUrl = `http://127.0.0.1:${apiPort}`;
    aggregatorUrl = `http://127.0.0.1:${aggregatorPort}/metrics`;

    cli = new TraceyCli(root, {
      ...baseEnv(),
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_API_URL: apiUrl,
      TRACEY_API_TOKEN: API_TOKEN,
      TRACEY_SPOOL_DIR: `${work}/spool`,
    });
    ids = await runDemoPipeline({
      cli,
      repoDir: mkdtempSync(`${work}/shop-`),
      adapter: { url: `http://127.0.0.1:${adapterPort}`, token: ADAPTER_TOKEN },
      jenkins,
      triggerWaitMs: 20_000,
      run: 4242,
      log: () => undefined,
    });
    // Settled: every event published is stored (none waits in the queue, none was refused).
    published =
      ids.commits.length * 3 + // issue, change created, change submitted
      1 + // the third-party component
      4 + // build activity triggered, started, finished; composition
      2 + // artifact created, published
      ids.testCases.length * 3 + // test case triggered, started, finished
      1 + // confidence level
      3 + // deploy build triggered, started, finished (FINALIZED repeats COMPLETED's)
      3 + // the legacy runner's test case triggered, started, finished
      1; // the follow-up change created (its issue is never published)
    const deadline = Date.now() + 30_000;
    while ((await aggregatorCounter('tracey_aggregator_events_written_total')) < published) {
      if (Date.now() > deadline) throw new Error(`not all ${published} events stored:\n${lines.join('\n')}`);
      await sleep(200);
    }
  }, 300_000);

  afterAll(async () => {
    await supervisor?.stop('test done');
    await jenkins?.close();
    await broker?.cleanup();
    await driver?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('stores every event once and dead-letters none', async () => {
    expect(await aggregatorCounter('tracey_aggregator_events_written_total')).toBe(published);
    expect(await aggregatorCounter('tracey_aggregator_events_duplicate_total')).toBe(1);
    expect(await aggregatorCounter('tracey_aggregator_messages_dead_lettered_total')).toBe(0);
    expect(lines.filter((line) => /EXITED|ERROR|"level":5\d/.test(line))).toEqual([]);
  });

  it("keeps what the demo's producers got wrong findable: one placeholder, one link against the target rule", async () => {
    // The follow-up change's issue, announced by the tracker in a domain Tracey does not receive.
    const placeholders = await rows(
      `MATCH (p:Placeholder) OPTIONAL MATCH (s:Event)-[r]->(p)
       RETURN p.id AS id, s.id AS source, type(r) AS type, r.domainId AS domainId`,
      {},
    );
    expect(placeholders).toEqual([
      {
        id: ids.followUp.issueEvent,
        source: ids.followUp.created,
        type: 'RESOLVED_ISSUE',
        domainId: TRACKER_DOMAIN,
      },
    ]);
    // The legacy runner's finished test case, linked to the started event instead of the triggered one.
    const illegal = await rows(
      `MATCH (s:Event)-[r]->(t:Event) WHERE r.legalTarget = false
       RETURN s.id AS source, type(r) AS type, t.id AS target`,
      {},
    );
    expect(illegal).toEqual([
      {
        source: ids.legacyTestCase.finished,
        type: 'TEST_CASE_EXECUTION',
        target: ids.legacyTestCase.started,
      },
    ]);
    const [checked] = await rows(
      'MATCH ()-[r]->() RETURN count(r) AS links, count(r.legalTarget) AS checked',
      {},
    );
    // Every other link is checked and legal: only the placeholder's waits for its target.
    expect(Number(checked?.['links']) - Number(checked?.['checked'])).toBe(1);
  });

  it('answers the contents of the release: the commits, their issues, the artifact and the third-party component', async () => {
    const contents = await ask(['trace', 'down', ids.confidence]);
    const changes = contents['sourceChanges'] as { commitId: string; type: string }[];
    expect(changes).toHaveLength(6);
    expect([...new Set(changes.map((change) => change.commitId))].sort()).toEqual(
      ids.commits.map((commit) => commit.sha).sort(),
    );
    const workItems = contents['workItems'] as { issueId: string; resolvedBy: { relation: string }[] }[];
    expect(workItems.map((item) => [item.issueId, item.resolvedBy.map((by) => by.relation)]).sort()).toEqual([
      [ids.commits[0]?.issue, ['RESOLVED_ISSUE']],
      [ids.commits[1]?.issue, ['RESOLVED_ISSUE']],
      [ids.commits[2]?.issue, ['PARTIALLY_RESOLVED_ISSUE']],
    ]);
    expect((contents['artifacts'] as { identity: string }[]).map((artifact) => artifact.identity)).toEqual([
      DEMO_ARTIFACT_IDENTITY,
    ]);
    expect(
      (contents['thirdPartyComponents'] as { identity: string; id: string }[]).map((component) => [
        component.identity,
        component.id,
      ]),
    ).toEqual([[THIRD_PARTY_IDENTITY, ids.thirdParty]]);
    expect(contents['compositions']).toMatchObject([
      { id: ids.composition, name: 'acme-shop', version: DEMO_VERSION },
    ]);
    expect(contents['missing']).toEqual([]);
  });

  it('answers the releases of a commit: the composition, artifact, publication, the confidence level and the deploy', async () => {
    const first = ids.commits[0];
    const releases = await ask(['trace', 'up', first?.created ?? '']);
    expect((releases['compositions'] as { id: string }[]).map((item) => item.id)).toEqual([ids.composition]);
    expect((releases['artifacts'] as { id: string }[]).map((item) => item.id)).toEqual([ids.artifact]);
    expect((releases['publications'] as { id: string }[]).map((item) => item.id)).toEqual([ids.publication]);
    expect(releases['confidenceLevels']).toMatchObject([
      { id: ids.confidence, name: 'RELEASE_CANDIDATE', value: 'SUCCESS', subjects: [ids.artifact] },
    ]);
    expect(releases['deployments']).toMatchObject([{ kind: 'activity', id: ids.deploy.activity }]);
  });

  it('answers the lead time commit → release candidate: the difference of the two events’ times', async () => {
    const first = ids.commits[0]?.created ?? '';
    const leadTime = await ask(['lead-time', first, ids.confidence]);
    const expected = (await eventTime(ids.confidence)) - (await eventTime(first));
    expect(expected).toBeGreaterThan(0);
    expect(leadTime).toMatchObject({ from: first, to: ids.confidence, milliseconds: expected });
    const path = leadTime['path'] as { id: string }[];
    expect(path[0]?.id).toBe(first);
    expect(path.at(-1)?.id).toBe(ids.confidence);
  });

  it('links the Jenkins build the trigger rule started: to the release candidate and to the commit, with its phases', async () => {
    expect(ids.deploy.triggeredByRule).toBe(true);
    expect(ids.deploy.parameters).toEqual({ ARTIFACT_EVENT: ids.artifact, TRACEY_CAUSE: ids.confidence });
    const triggered = buildEventId(ids.deploy.buildIdentity, 'triggered');
    expect(ids.deploy.activity).toBe(triggered);
    const links = await rows(
      `MATCH (s:Event)-[r]->(t:Event) WHERE s.id IN $ids OR t.id = $triggered
       RETURN s.id AS source, type(r) AS type, t.id AS target`,
      { ids: [triggered], triggered },
    );
    const started = buildEventId(ids.deploy.buildIdentity, 'started');
    const finished = buildEventId(ids.deploy.buildIdentity, 'finished');
    expect(
      links
        .map((link) => `${String(link['source'])} ${String(link['type'])} ${String(link['target'])}`)
        .sort(),
    ).toEqual(
      [
        `${triggered} CAUSE ${ids.confidence}`,
        `${triggered} CAUSE ${ids.commits[2]?.submitted ?? ''}`,
        `${started} ACTIVITY_EXECUTION ${triggered}`,
        `${finished} ACTIVITY_EXECUTION ${triggered}`,
      ].sort(),
    );
    const [outcome] = await rows(
      'MATCH (f:EiffelActivityFinishedEvent {id: $finished}) RETURN f.conclusion AS conclusion',
      { finished },
    );
    expect(outcome?.['conclusion']).toBe('SUCCESSFUL');
  });

  it('stops every service cleanly on SIGTERM (exit code 0)', async () => {
    await supervisor?.stop('test done');
    expect(await supervisor?.finished).toBe(0);
    // One line per service: the aggregator, the API, the Jenkins and the webhook adapter.
    expect(lines.filter((line) => line.startsWith('stack') && /stopped/.test(line))).toHaveLength(4);
  });
});
