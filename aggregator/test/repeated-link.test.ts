import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '@tracey/http-kit/testing';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import { type AmqpTestBroker, testServices, type TestTopology } from '@tracey/testing';
import type { AggregatorWorker } from '../src/worker/aggregator-worker.js';
import { eiffelEvent, type PipelineEvent } from '@tracey/schemas';
import {
  publishEvents,
  readyMessages,
  startIngestRig,
  waitUntil,
  type IngestRig,
} from '@tracey/aggregator/testing';

// docs/graph-model.md: "A link repeated inside one event (same type, same target) is stored once."
describe('a link repeated inside one event', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  let worker: AggregatorWorker<PipelineEvent>;
  let rig: IngestRig;

  beforeAll(async () => {
    rig = await startIngestRig(services, 'agg-repeated-link', { batchMs: 10 });
    ({ driver, broker, publisher, topology, worker } = rig);
  });

  afterAll(() => rig.close());

  it('is stored once, beside a link of another type to the same target', async () => {
    const change = eiffelEvent('EiffelSourceChangeCreatedEvent', {}).build();
    const artifact = eiffelEvent('EiffelArtifactCreatedEvent', {
      identity: 'pkg:npm/%40acme/repeated@1.0.0',
    }).build();
    const repeated = [
      { type: 'CAUSE', target: change.meta.id },
      { type: 'CAUSE', target: change.meta.id },
      { type: 'CONTEXT', target: change.meta.id },
      { type: 'CAUSE', target: change.meta.id },
    ];
    const linking = { ...artifact, links: repeated };
    // The input really repeats it: three CAUSE links, one CONTEXT.
    expect(linking.links.filter((link) => link.type === 'CAUSE')).toHaveLength(3);

    await publishEvents(publisher, topology.exchange, [change, linking]);
    await waitUntil('both events settled', async () => (await metricValue(worker.metrics.written)) >= 2);

    const stored = await driver.executeQuery(
      'MATCH (a:Event {id: $from})-[r]->(t {id: $to}) RETURN type(r) AS type, count(r) AS n ORDER BY type',
      { from: artifact.meta.id, to: change.meta.id },
      { routing: 'READ' },
    );
    expect(stored.records.map((record) => [record.get('type') as string, record.get('n') as number])).toEqual(
      [
        ['CAUSE', 1],
        ['CONTEXT', 1],
      ],
    );
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
  });
});
