import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpOutput, FileSpool, SpoolingOutput, createProducer, valuesInput } from '@tracey/producer-core';
import {
  eiffelEvent,
  eiffelProtocol,
  encodeForPublish,
  validateEiffelEvent,
  type PublishableMessage,
} from '@tracey/schemas';
import { AmqpTestBroker, testServices } from '@tracey/testing';

let broker: AmqpTestBroker;
let spoolDir: string;
beforeAll(async () => {
  broker = await AmqpTestBroker.connect(testServices().amqpUrl);
  spoolDir = await mkdtemp(`${tmpdir()}/tracey-amqp-spool-`);
});
afterAll(async () => {
  await broker.cleanup();
  await rm(spoolDir, { recursive: true, force: true });
});

function artifactMessage(domainId = 'tracey.test'): PublishableMessage {
  const event = eiffelEvent(
    'EiffelArtifactCreatedEvent',
    { identity: 'pkg:npm/app@1.0.0' },
    { source: { domainId } },
  ).build();
  const encoded = encodeForPublish(eiffelProtocol, event);
  if (!encoded.ok) throw new Error('test event invalid');
  return encoded.message;
}

async function drainQueue(queue: string): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await broker.channel.get(queue, { noAck: true });
    if (message === false) return messages;
    messages.push(message);
  }
}

describe('AmqpOutput on the real broker', () => {
  it('publishes persistent, typed, identified messages with the routing key, confirmed', async () => {
    const exchange = await broker.topicExchange('producer-out');
    const queue = await broker.boundQueue(exchange, ['eiffel.artifact.#']);
    const output = new AmqpOutput({ url: testServices().amqpUrl, exchange });
    const message = artifactMessage();
    expect(await output.publish([message])).toEqual({ kind: 'success', spooled: 0, unroutable: [] });
    await output.shutdown();

    const [received, ...more] = await drainQueue(queue);
    expect(more).toEqual([]);
    expect(received?.fields.routingKey).toBe('eiffel.artifact.EiffelArtifactCreatedEvent._.tracey.test');
    expect(received?.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/json',
      messageId: message.messageId,
    });
    const parsed = validateEiffelEvent(JSON.parse(received?.content.toString('utf8') ?? 'null'));
    expect(parsed.ok && parsed.verified && parsed.event.meta.id).toBe(message.messageId);
  });

  it('reports messages no queue is bound for', async () => {
    const exchange = await broker.topicExchange('producer-unroutable');
    const output = new AmqpOutput({ url: testServices().amqpUrl, exchange });
    const message = artifactMessage();
    expect(await output.publish([message])).toEqual({
      kind: 'success',
      spooled: 0,
      unroutable: [message.messageId],
    });
    await output.shutdown();
  });

  it('reconnects after the broker closed its channel, with the same ids', async () => {
    const exchange = await broker.topicExchange('producer-reconnect');
    const queue = await broker.boundQueue(exchange, ['#']);
    const output = new AmqpOutput({
      url: testServices().amqpUrl,
      exchange,
      reconnect: { initialDelayMs: 20 },
    });
    expect((await output.publish([artifactMessage()])).kind).toBe('success');
    // Publishing to a deleted exchange makes the broker close the channel (404): not confirmed.
    await broker.channel.deleteExchange(exchange);
    const lost = artifactMessage();
    const result = await output.publish([lost]);
    expect(result.kind).toBe('retryable');
    expect(result.kind === 'retryable' && result.undelivered).toEqual([lost]);
    expect(result.kind === 'retryable' && result.reason).toMatch(/NOT_FOUND/);
    await broker.channel.assertExchange(exchange, 'topic', { durable: true });
    await broker.channel.bindQueue(queue, exchange, '#');
    expect((await output.publish([lost])).kind).toBe('success');
    await output.shutdown();
    const ids = (await drainQueue(queue)).map((message) => message.properties.messageId as string);
    expect(ids.slice(1)).toEqual([lost.messageId]);
  });

  it('spools when the broker is unreachable and flushes each event exactly once when it is back', async () => {
    const exchange = await broker.topicExchange('producer-spool');
    const queue = await broker.boundQueue(exchange, ['#']);
    const spool = new FileSpool(spoolDir);
    const unreachable = new AmqpOutput({
      url: 'amqp://guest:guest@127.0.0.1:1',
      exchange,
      reconnect: { attempts: 2, initialDelayMs: 10 },
    });
    const events = Array.from({ length: 25 }, (_, index) =>
      eiffelEvent('EiffelArtifactCreatedEvent', { identity: `pkg:npm/app@1.0.${index}` }).build(),
    );
    const report = await createProducer({
      input: valuesInput(events),
      protocol: eiffelProtocol,
      outputs: new SpoolingOutput(unreachable, spool),
      batchSize: 10,
    }).run();
    await unreachable.shutdown();
    expect(report).toMatchObject({ accepted: 25, spooled: 25, failed: 0 });
    expect(report.reasons[0]).toMatch(/ECONNREFUSED/);
    expect((await spool.status()).events).toBe(25);

    const back = new AmqpOutput({ url: testServices().amqpUrl, exchange });
    const flushed = await new SpoolingOutput(back, spool).replay();
    await back.shutdown();
    expect(flushed).toEqual({ delivered: 25, remaining: 0, unroutable: [] });
    expect(await spool.isEmpty()).toBe(true);

    const ids = (await drainQueue(queue)).map((message) => message.properties.messageId as string);
    expect(ids.sort()).toEqual(events.map((event) => event.meta.id).sort());
  });

  it('spools when the virtual host does not exist', async () => {
    const exchange = await broker.topicExchange('producer-vhost');
    const url = new URL(testServices().amqpUrl);
    url.pathname = `/tracey-test-no-such-vhost-${process.pid}`;
    const output = new SpoolingOutput(
      new AmqpOutput({ url: url.href, exchange, reconnect: { attempts: 1 } }),
      new FileSpool(`${spoolDir}/vhost`),
    );
    expect(await output.publish([artifactMessage()])).toMatchObject({ kind: 'success', spooled: 1 });
    await output.shutdown();
  });
});
