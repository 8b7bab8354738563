import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpTestBroker, freePort, testServices, waitUntil } from '@tracey/testing';
import { buildEventId } from '@tracey/jenkins-adapter';
import { buildAdapter, jenkinsSample, spawnAdapter } from '@tracey/jenkins-adapter/testing';

const TOKEN = 'process-test-token';

describe('tracey-jenkins-adapter process', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let exchange: string;
  let queue: string;

  beforeAll(async () => {
    buildAdapter();
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    exchange = await broker.topicExchange('adapter-process');
    queue = await broker.boundQueue(exchange, ['eiffel.#'], 'adapter-process-events');
  }, 180_000);

  afterAll(async () => {
    await broker?.cleanup();
  });

  it('exits 2 naming every bad variable', async () => {
    const adapter = spawnAdapter({
      TRACEY_ADAPTER_PURL_TEMPLATE: 'generic/{nope}',
      TRACEY_ADAPTER_PORT: '0',
    });
    expect(await adapter.exited).toBe(2);
    expect(adapter.stderr()).toContain('TRACEY_ADAPTER_TOKEN: is required');
    expect(adapter.stderr()).toContain('TRACEY_ADAPTER_PURL_TEMPLATE: must start with "pkg:"');
    expect(adapter.stderr()).toContain('TRACEY_ADAPTER_PORT: must be an integer from 1 to 65535');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'publishes to the broker, is ready, and stops cleanly on %s',
    async (signal) => {
      const port = await freePort();
      const adapter = spawnAdapter({
        TRACEY_AMQP_URL: services.amqpUrl,
        TRACEY_EXCHANGE: exchange,
        TRACEY_ADAPTER_TOKEN: TOKEN,
        TRACEY_ADAPTER_PORT: String(port),
        // No query API: the notification goes out without the source change link.
        TRACEY_API_URL: `http://127.0.0.1:${await freePort()}`,
      });
      const base = `http://127.0.0.1:${port}`;
      await waitUntil('the adapter to be ready', () =>
        fetch(`${base}/ready`).then(
          (response) => response.ok,
          () => false,
        ),
      );
      const response = await fetch(`${base}/jenkins/notification`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json;charset=UTF-8',
          authorization: `Basic ${Buffer.from(`jenkins:${TOKEN}`).toString('base64')}`,
        },
        body: jenkinsSample('pipeline-queued'),
      });
      expect(response.status).toBe(200);
      const message = await broker.channel.get(queue, { noAck: true });
      expect(message === false ? undefined : message.properties.messageId).toBe(
        buildEventId('http://jenkins.example.com/job/deploy-pipeline/12/#913', 'triggered'),
      );
      adapter.child.kill(signal);
      expect(await adapter.exited).toBe(0);
    },
  );
});
