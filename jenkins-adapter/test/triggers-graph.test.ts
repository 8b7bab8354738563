import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventGraph, eiffelGraphVocabulary, toEventRow, type GraphReader } from '@tracey/graph';
import { buildApp } from '@tracey/api';
import { eiffelEvent, eiffelProtocol, encodeForPublish, type EiffelEvent } from '@tracey/schemas';
import { AmqpTestBroker, connectTestNeo4j, resetTestGraph, testServices, uniqueName } from '@tracey/testing';
import type { DecisionEntry } from '../src/triggers/decision-log.js';
import { TriggerService } from '../src/triggers/trigger-service.js';
import { quietLogger } from './support/quiet-logger.js';
import { eventually, publish, RecordingServer } from './triggers-harness.js';

// The graph condition end to end: events stored by the aggregator's write path in the real
// Neo4j, the real query API answering GET /events/:id/upstream, the triggers asking it.
const API_TOKEN = 'api-token-for-triggers';

let driver: Driver;
let writer: EventGraph;
let queryGraph: GraphReader;
let api: FastifyInstance;
let broker: AmqpTestBroker;
let hooks: RecordingServer;
let service: TriggerService;
let work: string;
let exchange: string;
let hookUrl: string;

function submitted(repoName: string): EiffelEvent {
  return eiffelEvent('EiffelSourceChangeSubmittedEvent', {
    gitIdentifier: {
      commitId: 'a'.repeat(40),
      repoUri: `https://git.example.com/${repoName}.git`,
      branch: 'main',
      repoName,
    },
  }).build();
}

function artifact(identity: string, cause: EiffelEvent): EiffelEvent {
  return eiffelEvent('EiffelArtifactCreatedEvent', { identity }).link('CAUSE', cause.meta.id).build();
}

async function store(...events: EiffelEvent[]): Promise<void> {
  await writer.writeEvents(
    events.map((event) => {
      const parsed = eiffelProtocol.parse(event);
      if (!parsed.ok) throw new Error('test event is invalid');
      return toEventRow(eiffelProtocol, eiffelGraphVocabulary, {
        event: parsed.event,
        verified: true,
        raw: event,
      });
    }),
  );
}

async function send(event: EiffelEvent): Promise<void> {
  const encoded = encodeForPublish(eiffelProtocol, event);
  if (!encoded.ok) throw new Error('test event is invalid');
  await publish(broker, exchange, encoded.message);
}

const history = (eventId: string): DecisionEntry[] =>
  service.history
    .newest(1_000)
    .filter((entry) => entry.eventId === eventId)
    .reverse();

const until = (eventId: string, decision: DecisionEntry['decision']) =>
  eventually(`${decision} for ${eventId}`, () =>
    history(eventId).find((entry) => entry.decision === decision),
  );

beforeAll(async () => {
  const services = testServices();
  driver = connectTestNeo4j(services);
  await resetTestGraph(driver);
  const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
  writer = EventGraph.connect(connection);
  await writer.ensureSchema();
  queryGraph = EventGraph.connectReader(connection);
  // Reads need the token here, so the triggers must send it.
  api = buildApp({
    graph: queryGraph,
    config: { apiToken: API_TOKEN, readAuth: 'required' },
    logger: pino({ level: 'silent' }),
  });
  const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });

  broker = await AmqpTestBroker.connect(services.amqpUrl);
  exchange = await broker.topicExchange('triggers-graph');
  hooks = new RecordingServer();
  hooks.respond = (_request, _index, response) => response.writeHead(200).end();
  hookUrl = await hooks.listen();
  work = await mkdtemp(`${tmpdir()}/tracey-triggers-graph-`);
  const rulesFile = `${work}/triggers.yaml`;
  await writeFile(
    rulesFile,
    [
      'rules:',
      '  - name: app-artifacts',
      "    bindingKeys: ['eiffel.*.EiffelArtifactCreatedEvent.#']",
      '    upstream:',
      '      linkTypes: [CAUSE]',
      '      type: SourceChangeSubmitted',
      '      path: data.gitIdentifier.repoName',
      '      equals: app',
      '    action:',
      '      type: webhook',
      `      url: ${hookUrl}built-from-app`,
      '    retry: { attempts: 30, initialDelayMs: 50, maxDelayMs: 200 }',
      '',
    ].join('\n'),
  );
  const queue = uniqueName('triggers-graph');
  broker.track('queue', queue);
  service = new TriggerService({
    amqpUrl: services.amqpUrl,
    exchange,
    queue,
    rulesFile,
    stateDir: `${work}/state`,
    env: {},
    api: { url: apiUrl, token: API_TOKEN },
    logger: quietLogger,
  });
  await service.start();
});

afterAll(async () => {
  await service.stop();
  await hooks.close();
  await broker.cleanup();
  await api.close();
  await queryGraph.close();
  await writer.close();
  await driver.close();
  await rm(work, { recursive: true, force: true });
});

describe('a graph condition answered by the query API', () => {
  it('fires for an artifact built from the repository, and not for one built from another', async () => {
    const fromApp = submitted('app');
    const fromOther = submitted('other');
    const good = artifact('pkg:npm/app@1.0.0', fromApp);
    const other = artifact('pkg:npm/other@1.0.0', fromOther);
    await store(fromApp, fromOther, good, other);
    await send(good);
    await send(other);

    const fired = await until(good.meta.id, 'fired');
    expect(history(good.meta.id).find((entry) => entry.decision === 'matched')?.reason).toBe(
      `conditions hold; upstream EiffelSourceChangeSubmittedEvent ${fromApp.meta.id}`,
    );
    expect(fired.reason).toBe(`webhook ${new URL(hookUrl).host} answered 200`);
    const notMatched = await until(other.meta.id, 'not-matched');
    expect(notMatched.reason).toBe(
      'no upstream EiffelSourceChangeSubmittedEvent (of 1) passes the test on data.gitIdentifier.repoName',
    );
    const calls = hooks.to('/built-from-app');
    expect(calls).toHaveLength(1);
    expect((JSON.parse(calls[0]?.body ?? '{}') as { TRACEY_CAUSE?: string }).TRACEY_CAUSE).toBe(good.meta.id);
  });

  it('waits for an event the aggregator has not stored yet, then fires', async () => {
    const change = submitted('app');
    const late = artifact('pkg:npm/app@2.0.0', change);
    await store(change);
    await send(late);
    const waiting = await until(late.meta.id, 'retrying');
    expect(waiting.reason).toMatch(
      /^graph condition: the event is not in the graph yet; next attempt in \d+ ms$/,
    );
    await store(late);
    await until(late.meta.id, 'fired');
    expect(hooks.to('/built-from-app')).toHaveLength(2);
  });
});
