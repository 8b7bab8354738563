import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'amqplib';
import { AmqpSession } from '@tracey/amqp';
import { buildCdEvent } from '@tracey/schemas';
import {
  freePort,
  makeTestCertificates,
  TlsRabbitMq,
  waitUntil,
  type TestCertificates,
} from '@tracey/testing';
import {
  buildWebhookAdapter,
  spawnWebhookAdapter,
  type WebhookAdapterProcess,
} from '@tracey/webhook-adapter/testing';

// Issue 24, TLS end to end against a RabbitMQ node with RabbitMQ's own TLS listener and a CA this
// test made: the webhook adapter serves HTTPS (TRACEY_TLS_CERT/KEY) and publishes over amqps://
// verified against TRACEY_AMQP_CA_FILE; the workers' AMQP client consumes over it; a client that
// trusts another CA refuses the broker and the adapter, and plain HTTP gets no answer.

const TOKEN = 'tls-webhook-token';

interface HttpsAnswer {
  status: number;
  body: string;
}

/** An HTTPS request that trusts `ca` only. */
function https(
  url: string,
  ca: string,
  options: { method?: string; body?: string } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: readFileSync(ca),
        headers:
          options.body === undefined
            ? {}
            : { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/cloudevents+json' },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The ce-* headers of a binary-mode CloudEvent carrying `event`. */
const binary = (event: { context: { id: string; source: string; type: string; timestamp: string } }) => ({
  'ce-specversion': '1.0',
  'ce-id': event.context.id,
  'ce-source': event.context.source,
  'ce-type': event.context.type,
  'ce-time': event.context.timestamp,
});

describe('TLS to RabbitMQ and HTTPS in', () => {
  let certs: TestCertificates;
  let broker: TlsRabbitMq;
  const exchange = `tls-test-${randomUUID()}`;
  const queue = `tls-test-${randomUUID()}`;
  let adapter: WebhookAdapterProcess | undefined;

  beforeAll(async () => {
    certs = makeTestCertificates();
    broker = await TlsRabbitMq.start(certs);
    buildWebhookAdapter();
  }, 180_000);
  afterAll(async () => {
    adapter?.child.kill('SIGTERM');
    await adapter?.exited;
    await broker?.stop();
  });

  it('publishes over amqps:// from an HTTPS request, and the workers’ client consumes it', async () => {
    // The workers' client: the CA from TRACEY_AMQP_CA_FILE, as every Tracey process reads it.
    process.env['TRACEY_AMQP_CA_FILE'] = certs.caCert;
    const received: string[] = [];
    const session = await AmqpSession.open({
      url: broker.url,
      prefetch: 10,
      declare: async (channel) => {
        // As the adapter declares it: a durable topic exchange (the node is deleted after the test).
        await channel.assertExchange(exchange, 'topic', { durable: true });
        await channel.assertQueue(queue, { exclusive: true });
        await channel.bindQueue(queue, exchange, '#');
        return queue;
      },
      onMessage: (message, delivered) => {
        received.push(message.content.toString('utf8'));
        delivered.ack(message);
      },
      onClosed: () => undefined,
    });
    try {
      const port = await freePort();
      adapter = spawnWebhookAdapter({
        TRACEY_AMQP_URL: broker.url,
        TRACEY_AMQP_CA_FILE: certs.caCert,
        TRACEY_EXCHANGE: exchange,
        TRACEY_WEBHOOK_TOKEN: TOKEN,
        TRACEY_WEBHOOK_PORT: String(port),
        TRACEY_TLS_CERT: certs.serverCert,
        TRACEY_TLS_KEY: certs.serverKey,
      });
      const base = `https://127.0.0.1:${port}`;
      await waitUntil('the adapter ready over HTTPS', () =>
        https(`${base}/ready`, certs.caCert).then(
          (answer) => answer.status === 200,
          () => false,
        ),
      );
      const event = buildCdEvent({
        type: 'dev.cdevents.service.deployed.0.3.0',
        source: '/test/tls',
        subject: {
          id: 'shop',
          content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/shop@sha256%3Aab' },
        },
      });
      const cloudEvent = {
        specversion: '1.0',
        id: event.context.id,
        source: event.context.source,
        type: event.context.type,
        time: event.context.timestamp,
        datacontenttype: 'application/json',
        data: event,
      };
      const answer = await https(`${base}/cloudevents`, certs.caCert, {
        method: 'POST',
        body: JSON.stringify(cloudEvent),
      });
      expect(answer.status, answer.body).toBe(200);
      await waitUntil('the event consumed over amqps://', () => Promise.resolve(received.length > 0));
      expect((JSON.parse(received[0] ?? '{}') as { context: { id: string } }).context.id).toBe(
        event.context.id,
      );

      // A client that trusts another CA refuses the adapter; plain HTTP gets no answer.
      await expect(https(`${base}/health`, certs.otherCaCert)).rejects.toThrow(/certificate/i);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      await session.close();
      delete process.env['TRACEY_AMQP_CA_FILE'];
    }
  });

  it('refuses a broker whose certificate another CA signed, in every client', async () => {
    // amqplib's own connect with the options Tracey's clients build: the other CA fails the handshake.
    await expect(connect(broker.url, { ca: [readFileSync(certs.otherCaCert)] })).rejects.toThrow(
      /certificate/i,
    );
    process.env['TRACEY_AMQP_CA_FILE'] = certs.otherCaCert;
    try {
      await expect(
        AmqpSession.open({
          url: broker.url,
          prefetch: 1,
          declare: () => Promise.resolve(queue),
          onMessage: () => undefined,
          onClosed: () => undefined,
        }),
      ).rejects.toThrow(/certificate/i);
    } finally {
      delete process.env['TRACEY_AMQP_CA_FILE'];
    }
    // The adapter trusting the other CA never gets the broker: what it takes waits in its spool
    // (202, nothing published), and its log says why.
    const port = await freePort();
    const refused = spawnWebhookAdapter({
      TRACEY_AMQP_URL: broker.url,
      TRACEY_AMQP_CA_FILE: certs.otherCaCert,
      TRACEY_EXCHANGE: exchange,
      TRACEY_WEBHOOK_TOKEN: TOKEN,
      TRACEY_WEBHOOK_PORT: String(port),
    });
    try {
      await waitUntil('the adapter up', () =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          (response) => response.ok,
          () => false,
        ),
      );
      const event = buildCdEvent({
        type: 'dev.cdevents.service.deployed.0.3.0',
        source: '/test/tls',
        subject: {
          id: 'shop',
          content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/shop@sha256%3Acd' },
        },
      });
      const response = await fetch(`http://127.0.0.1:${port}/cloudevents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...binary(event) },
        body: JSON.stringify(event),
      });
      const answer = (await response.json()) as { published: number; spooled: number };
      expect(response.status).toBe(202);
      expect(answer).toMatchObject({ spooled: 1 });
      await waitUntil('the certificate refusal logged', () =>
        Promise.resolve(/certificate/i.test(refused.output())),
      );
    } finally {
      refused.child.kill('SIGTERM');
      await refused.exited;
    }
  });
});

describe('RabbitMQ that requires a client certificate (fail_if_no_peer_cert)', () => {
  let certs: TestCertificates;
  let broker: TlsRabbitMq;

  beforeAll(async () => {
    certs = makeTestCertificates();
    broker = await TlsRabbitMq.start(certs, { requireClientCertificate: true });
  }, 180_000);
  afterAll(() => broker?.stop());

  const open = () =>
    AmqpSession.open({
      url: broker.url,
      prefetch: 1,
      declare: async (channel) => (await channel.assertQueue('', { exclusive: true })).queue,
      onMessage: () => undefined,
      onClosed: () => undefined,
    });

  it('lets in the client that presents TRACEY_AMQP_CERT_FILE and _KEY_FILE, refuses one without', async () => {
    const before = { ...process.env };
    try {
      // The CA alone: the broker asks for a certificate and the handshake fails without one.
      process.env['TRACEY_AMQP_CA_FILE'] = certs.caCert;
      await expect(open()).rejects.toThrow();
      // With the client certificate the CA signed, as every Tracey process reads it.
      process.env['TRACEY_AMQP_CERT_FILE'] = certs.clientCert;
      process.env['TRACEY_AMQP_KEY_FILE'] = certs.clientKey;
      const session = await open();
      expect(session.isOpen).toBe(true);
      await session.close();
    } finally {
      for (const name of ['TRACEY_AMQP_CA_FILE', 'TRACEY_AMQP_CERT_FILE', 'TRACEY_AMQP_KEY_FILE'])
        if (before[name] === undefined) delete process.env[name];
        else process.env[name] = before[name];
    }
  });
});
