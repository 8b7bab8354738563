import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import { type AmqpTestBroker, testServices, type TestTopology } from '@tracey/testing';
import { generatePipelineEvents } from '@tracey/graph/testing';
import { DEFAULT_DELIVERY_LIMIT } from '@tracey/amqp';
import type { AggregatorWorker } from '../src/worker/aggregator-worker.js';
import { eiffelProtocol, type EiffelEvent, type PipelineEvent, type Protocol } from '@tracey/schemas';
import {
  drain,
  type IngestRig,
  publishEvents,
  readyMessages,
  startIngestRig,
  storedEventCount,
  waitUntil,
} from '@tracey/aggregator/testing';

// docs/graph-model.md: a message that makes workers crash before they can decide (a poison
// message) is delivered at most 11 times — once, and again for each of the 10 returns the worker
// queue's `x-delivery-limit` allows; RabbitMQ then dead-letters it with its own `x-death` header
// instead of `x-tracey-reason`.
const DOCUMENTED_DELIVERY_LIMIT = 10;
const DOCUMENTED_DELIVERIES = 11;

describe('a poison message', () => {
  const services = testServices();
  const [healthy, poison] = generatePipelineEvents(2);
  let driver: Driver;
  let broker: AmqpTestBroker;
  let publisher: ConfirmChannel;
  let topology: TestTopology;
  let worker: AggregatorWorker<PipelineEvent>;
  let rig: IngestRig;
  let deliveries = 0;

  // The Eiffel protocol with a bug that only the poison event meets, once it parsed: the worker's
  // "unexpected error" path, which requeues, so that only the queue's delivery limit ends the loop.
  const buggyProtocol: Protocol<EiffelEvent> = {
    ...eiffelProtocol,
    parse: (input) => {
      const parsed = eiffelProtocol.parse(input);
      if (parsed.ok && parsed.event.meta.id === poison?.meta.id) {
        deliveries += 1;
        throw new TypeError('a bug this event alone meets');
      }
      return parsed;
    },
  };

  beforeAll(async () => {
    rig = await startIngestRig(services, 'agg-poison', {
      protocol: buggyProtocol,
      batchMs: 10,
    });
    ({ driver, broker, publisher, topology, worker } = rig);
  });

  afterAll(() => rig.close());

  it(`is delivered ${DOCUMENTED_DELIVERIES} times, then dead-lettered by RabbitMQ with x-death`, async () => {
    expect(healthy).toBeDefined();
    expect(poison).toBeDefined();
    expect(DEFAULT_DELIVERY_LIMIT).toBe(DOCUMENTED_DELIVERY_LIMIT);
    const queue = await broker.channel.checkQueue(topology.queue);
    expect(queue.consumerCount).toBe(1);

    await publishEvents(publisher, topology.exchange, [poison, healthy]);
    await waitUntil(
      'the poison message dead-lettered',
      async () => (await readyMessages(broker.channel, topology.deadLetterQueue)) >= 1,
      60_000,
    );

    const [dead, ...more] = await drain(broker.channel, topology.deadLetterQueue);
    expect(more).toHaveLength(0);
    expect(dead?.properties.messageId).toBe(poison?.meta.id);
    const headers = dead?.properties.headers ?? {};
    expect(headers['x-tracey-reason']).toBeUndefined();
    const deaths = headers['x-death'] as { reason: string; queue: string }[] | undefined;
    expect(deaths?.map(({ reason, queue: from }) => [reason, from])).toEqual([
      ['delivery_limit', topology.queue],
    ]);

    // One worker returns it each time, so it sees every delivery: the first and one per return.
    expect(deliveries).toBe(DOCUMENTED_DELIVERIES);
    // The loop ended without taking the worker or the healthy event with it.
    await waitUntil('the healthy event stored', async () => (await storedEventCount(driver)) === 1);
    expect(await readyMessages(broker.channel, topology.queue)).toBe(0);
    expect(worker.ready).toBe(true);
  });
});
