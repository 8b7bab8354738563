import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpTestBroker, testServices, uniqueName, waitUntil } from '@tracey/testing';
import {
  AmqpConsumer,
  AmqpSubscription,
  assertTopology,
  DEAD_LETTER_HEADERS,
  type AmqpSession,
  type AmqpTopology,
  type Delivery,
  type Settlement,
} from '@tracey/amqp';

let broker: AmqpTestBroker;

beforeAll(async () => {
  broker = await AmqpTestBroker.connect(testServices().amqpUrl);
});
afterAll(async () => {
  await broker.cleanup();
});

function publish(exchange: string, routingKey: string, body: string, messageId: string): void {
  broker.channel.publish(exchange, routingKey, Buffer.from(body), { messageId, persistent: true });
}

describe('AmqpSubscription', () => {
  it('settles each delivery as its handler says, and consumes again after the connection is lost', async () => {
    const exchange = await broker.topicExchange('subscription');
    const queue = uniqueName('subscription');
    broker.track('queue', queue);
    const connections: ChannelModel[] = [];
    const seen: string[] = [];
    const answers: Record<string, Settlement[]> = { a: ['ack'], b: ['requeue', 'ack'], c: ['reject'] };
    const subscription = new AmqpSubscription({
      url: testServices().amqpUrl,
      exchange,
      queue: { name: queue },
      bindingKeys: ['test.#'],
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      connect: async (url, options) => {
        const connection = await connect(url, options);
        connections.push(connection);
        return connection;
      },
      handle: (delivery: Delivery) => {
        const id = delivery.messageId ?? '?';
        seen.push(`${id}${delivery.redelivered ? '*' : ''}`);
        return Promise.resolve(answers[id]?.shift() ?? 'ack');
      },
    });
    await subscription.start();
    try {
      expect(subscription.ready).toBe(true);
      expect(subscription.queueName).toBe(queue);
      publish(exchange, 'test.one', 'a', 'a');
      publish(exchange, 'test.one', 'b', 'b');
      publish(exchange, 'test.one', 'c', 'c');
      publish(exchange, 'other.one', 'x', 'x'); // not bound
      await waitUntil('three messages settled', () => Promise.resolve(seen.length >= 4), 10_000);
      expect([...seen].sort()).toEqual(['a', 'b', 'b*', 'c']);
      const check = await broker.connection.createChannel();
      await waitUntil(
        'the queue empty',
        async () => (await check.checkQueue(queue)).messageCount === 0,
        10_000,
      );

      await connections[0]?.close();
      await waitUntil(
        'a second connection',
        () => Promise.resolve(connections.length >= 2 && subscription.ready),
        10_000,
      );
      await subscription.rebind(['again.#']);
      publish(exchange, 'test.two', 'gone', 'gone'); // unbound now
      publish(exchange, 'again.two', 'd', 'd');
      await waitUntil('the message after the reconnect', () => Promise.resolve(seen.includes('d')), 10_000);
      expect(seen).not.toContain('gone');
      await check.close();
    } finally {
      await subscription.stop();
    }
    expect(subscription.ready).toBe(false);
  });

  it('gives up after connectAttempts failed connects', async () => {
    const subscription = new AmqpSubscription({
      url: 'amqp://guest:guest@127.0.0.1:1',
      exchange: 'nowhere',
      queue: {},
      bindingKeys: ['#'],
      connectAttempts: 2,
      reconnect: { initialDelayMs: 1, maxDelayMs: 2 },
      handle: () => Promise.resolve('ack'),
    });
    await expect(subscription.start()).rejects.toThrow(/ECONNREFUSED/);
    await subscription.stop();
  });
});

describe('AmqpConsumer', () => {
  it('declares the worker topology and dead-letters with the reason headers', async () => {
    const exchange = await broker.topicExchange('consumer');
    const topology: AmqpTopology = {
      exchange,
      queue: uniqueName('worker'),
      bindingKeys: ['#'],
      deadLetterQueue: uniqueName('dead'),
      deliveryLimit: 3,
    };
    broker.track('queue', topology.queue);
    broker.track('queue', topology.deadLetterQueue);
    const received: ConsumeMessage[] = [];
    const sessions: AmqpSession[] = [];
    const consumer = new AmqpConsumer({
      url: testServices().amqpUrl,
      declare: (channel) => assertTopology(channel, topology),
      deadLetterQueue: topology.deadLetterQueue,
      prefetch: 2,
      onMessage: (message, session) => {
        received.push(message);
        sessions.push(session);
      },
    });
    await consumer.start();
    try {
      publish(exchange, 'eiffel.bad', 'not json', 'bad-1');
      await waitUntil('a delivery', () => Promise.resolve(received.length === 1), 10_000);
      const [message] = received as [ConsumeMessage];
      await sessions[0]?.deadLetter(message, 'not-json', { why: 'test' });

      const reader = await broker.connection.createChannel();
      let letter: Awaited<ReturnType<typeof reader.get>> = false;
      await waitUntil(
        'the dead letter',
        async () => (letter = await reader.get(topology.deadLetterQueue)) !== false,
      );
      if (letter === false) throw new Error('no dead letter');
      const headers = (letter as ConsumeMessage).properties.headers ?? {};
      expect(headers[DEAD_LETTER_HEADERS.reason]).toBe('not-json');
      expect(JSON.parse(String(headers[DEAD_LETTER_HEADERS.details]))).toEqual({ why: 'test' });
      expect(headers[DEAD_LETTER_HEADERS.originalExchange]).toBe(exchange);
      expect(headers[DEAD_LETTER_HEADERS.originalRoutingKey]).toBe('eiffel.bad');
      expect((letter as ConsumeMessage).properties.messageId).toBe('bad-1');
      expect((letter as ConsumeMessage).content.toString()).toBe('not json');
      reader.ack(letter);
      expect((await reader.checkQueue(topology.queue)).messageCount).toBe(0);
      await reader.close();
    } finally {
      await consumer.cancel();
      await consumer.close();
    }
    expect(consumer.session?.isOpen).toBe(false);
  });
});
