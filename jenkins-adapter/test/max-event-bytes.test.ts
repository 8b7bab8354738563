import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { DEAD_LETTER_HEADERS } from '@tracey/amqp';
import type { AggregatorService } from '@tracey/aggregator';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  freePort,
  resetTestGraph,
  testServices,
  waitUntil,
  type TestTopology,
} from '@tracey/testing';
import { eiffelEvent, eiffelProtocol, encodeForPublish, type EiffelEvent } from '@tracey/schemas';
import { loadAdapterConfig } from '../src/config.js';
import { startAdapter, type AdapterService } from '../src/adapter-service.js';
import { installTracey, type InstalledTracey } from '@tracey/producer-cli/testing';
import { startTestAggregator } from './support/adapter-pipeline.js';
import { quietLogger } from './support/quiet-logger.js';

const MAX = 65_536;
const TOKEN = 'adapter-max-event-token';
const REASON =
  /^event-too-large: the event is (\d+) bytes of JSON, over the maximum of 65536 \(TRACEY_MAX_EVENT_BYTES\)$/;

/** An ArtifactCreated event whose JSON is about `bytes` long. */
function artifact(identity: string, bytes: number): EiffelEvent {
  return eiffelEvent('EiffelArtifactCreatedEvent', {
    identity,
    customData: [{ key: 'report', value: 'x'.repeat(bytes) }],
  }).build();
}

// Issue 14, item 2: one maximum event size (TRACEY_MAX_EVENT_BYTES, lowered to 64 KiB here) is
// enforced by the producer (the CLI), the HTTP intake (POST /events) and the worker, each naming
// the same reason, event-too-large; events within it flow on.
describe('TRACEY_MAX_EVENT_BYTES at the producer, the intake and the worker', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let topology: TestTopology;
  let aggregator: AggregatorService;
  let adapter: AdapterService;
  let work: string;
  // `tracey` as users run it: its own process, exit code and stderr.
  let tracey: InstalledTracey;

  const stored = async (ids: readonly string[]) => {
    const { records } = await driver.executeQuery(
      'MATCH (e:Event) WHERE e.id IN $ids AND e.hash IS NOT NULL RETURN e.id AS id ORDER BY id',
      { ids },
    );
    return records.map((record) => record.get('id') as string);
  };

  beforeAll(async () => {
    tracey = installTracey('dist');
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'max-event-bytes');
    work = await mkdtemp(`${tmpdir()}/tracey-max-event-`);
    aggregator = await startTestAggregator(services, topology, { TRACEY_MAX_EVENT_BYTES: String(MAX) });
    const adapterConfig = loadAdapterConfig({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_API_URL: `http://127.0.0.1:${await freePort()}`,
      TRACEY_ADAPTER_TOKEN: TOKEN,
      TRACEY_ADAPTER_PORT: String(await freePort()),
      TRACEY_ADAPTER_SPOOL_DIR: `${work}/adapter-spool`,
      TRACEY_MAX_EVENT_BYTES: String(MAX),
    });
    if (!adapterConfig.ok) throw new Error(JSON.stringify(adapterConfig.issues));
    adapter = await startAdapter(adapterConfig.config, quietLogger);
  });

  afterAll(async () => {
    tracey?.remove();
    await adapter?.stop();
    await aggregator?.stop();
    await broker?.cleanup();
    await driver?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('POST /events rejects an event over the maximum as event-too-large and publishes the others', async () => {
    const small = artifact('pkg:generic/max/intake-small@1', 1_000);
    const big = artifact('pkg:generic/max/intake-big@1', 100_000);
    const response = await fetch(`http://127.0.0.1:${adapter.port}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify([small, big]),
    });
    expect(response.status).toBe(207);
    const body = (await response.json()) as {
      results: { status: string; errors?: { message: string }[] }[];
    };
    expect(body.results.map((result) => result.status)).toEqual(['published', 'rejected']);
    const reason = body.results[1]?.errors?.[0]?.message ?? '';
    expect(reason).toMatch(REASON);
    // The size named is the event's JSON, counted independently here.
    expect(Number(REASON.exec(reason)?.[1])).toBe(Buffer.byteLength(JSON.stringify(big)));
    await waitUntil('the small event stored', async () => (await stored([small.meta.id])).length === 1);
    expect(await stored([big.meta.id])).toEqual([]);
  });

  it('tracey publish refuses it with the same reason and publishes the others', async () => {
    const small = artifact('pkg:generic/max/cli-small@1', 1_000);
    const big = artifact('pkg:generic/max/cli-big@1', 100_000);
    const file = `${work}/events.ndjson`;
    await writeFile(file, `${JSON.stringify(big)}\n${JSON.stringify(small)}\n`);
    const run = await tracey.run(['publish', '--file', file], {
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_SPOOL_DIR: `${work}/cli-spool`,
      TRACEY_MAX_EVENT_BYTES: String(MAX),
    });
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `${file}:1: (event): event-too-large: the event is ${Buffer.byteLength(JSON.stringify(big))} bytes of JSON, over the maximum of 65536 (TRACEY_MAX_EVENT_BYTES)`,
    );
    await waitUntil('the small event stored', async () => (await stored([small.meta.id])).length === 1);
    expect(await stored([big.meta.id])).toEqual([]);
  });

  it('the worker dead-letters one that came another way as event-too-large, with its size', async () => {
    const big = artifact('pkg:generic/max/raw-big@1', 100_000);
    const encoded = encodeForPublish(eiffelProtocol, big, { maxBytes: 1_000_000 });
    if (!encoded.ok) throw new Error('test event is invalid');
    broker.channel.publish(topology.exchange, encoded.message.routingKey, Buffer.from(encoded.message.body), {
      persistent: true,
      contentType: encoded.message.contentType,
      messageId: encoded.message.messageId,
    });
    let letter: Awaited<ReturnType<typeof broker.channel.get>> = false;
    await waitUntil('the dead letter', async () => {
      letter = await broker.channel.get(topology.deadLetterQueue, { noAck: true });
      return letter !== false;
    });
    const headers = (letter as unknown as { properties: { headers: Record<string, unknown> } }).properties
      .headers;
    expect(headers[DEAD_LETTER_HEADERS.reason]).toBe('event-too-large');
    expect(String(headers[DEAD_LETTER_HEADERS.details])).toContain(String(MAX));
    expect(await stored([big.meta.id])).toEqual([]);
  });
});
