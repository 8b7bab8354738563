import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { AmqpTestBroker, testServices } from '@tracey/testing';

describe('RabbitMQ harness', () => {
  let broker: AmqpTestBroker;
  let confirm: ConfirmChannel;

  beforeAll(async () => {
    broker = await AmqpTestBroker.connect(testServices().amqpUrl);
    confirm = await broker.connection.createConfirmChannel();
  });

  afterAll(async () => {
    await confirm.close();
    await broker.cleanup();
  });

  it('round-trips a persistent message with publisher confirms through a topic exchange', async () => {
    const exchange = await broker.topicExchange('harness');
    const queue = await broker.boundQueue(exchange, ['eiffel.*.EiffelArtifactCreatedEvent.#']);
    const body = Buffer.from(JSON.stringify({ hello: 'tracey' }));

    confirm.publish(exchange, 'eiffel.artifact.EiffelArtifactCreatedEvent._._', body, {
      persistent: true,
      contentType: 'application/json',
      messageId: 'harness-1',
    });
    await confirm.waitForConfirms();

    const received = await new Promise<ConsumeMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 10 s')), 10_000);
      void broker.channel.consume(queue, (message) => {
        if (message === null) return;
        clearTimeout(timer);
        broker.channel.ack(message);
        resolve(message);
      });
    });

    expect(received.properties.deliveryMode).toBe(2);
    expect(received.properties.contentType).toBe('application/json');
    expect(received.properties.messageId).toBe('harness-1');
    expect(received.fields.routingKey).toBe('eiffel.artifact.EiffelArtifactCreatedEvent._._');
    expect(JSON.parse(received.content.toString())).toEqual({ hello: 'tracey' });
  });

  it('does not route a message whose key matches no binding (mandatory publish is returned)', async () => {
    const exchange = await broker.topicExchange('unroutable');
    const returned = new Promise<string>((resolve) => {
      confirm.once('return', (message: ConsumeMessage) => resolve(message.fields.routingKey));
    });
    confirm.publish(exchange, 'nobody.listens', Buffer.from('{}'), { mandatory: true });
    await confirm.waitForConfirms();
    await expect(returned).resolves.toBe('nobody.listens');
  });
});
