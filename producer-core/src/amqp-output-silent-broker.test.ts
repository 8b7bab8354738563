import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeForPublish, pipelineProtocol, type PipelineEvent } from '@tracey/schemas';
import { AmqpOutput } from './amqp-output.js';

describe('AmqpOutput against a broker that accepts connections and never answers (no hang)', () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('reports the batch retryable after its connect attempts, and shuts down', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const output = new AmqpOutput({
      url: `amqp://guest:guest@127.0.0.1:${port}`,
      exchange: 'tracey.test',
      connectTimeoutMs: 100,
      reconnect: { attempts: 2, initialDelayMs: 10 },
    });
    const event = {
      meta: {
        id: '9b2e0f4c-1d3a-4e5f-8a6b-7c8d9e0f1a2b',
        type: 'EiffelAnnouncementPublishedEvent',
        version: '3.2.0',
        time: 1,
      },
      data: { heading: 'h', body: 'b', severity: 'MINOR' },
      links: [],
    } as unknown as PipelineEvent;
    const encoded = encodeForPublish(pipelineProtocol, event);
    if (!encoded.ok) throw new Error(JSON.stringify(encoded.errors));
    const started = performance.now();
    const result = await output.publish([encoded.message]);
    expect(result).toMatchObject({ kind: 'retryable', undelivered: [encoded.message] });
    expect(result.kind === 'retryable' && result.reason).toMatch(/ETIMEDOUT/);
    // Two attempts of at most 200 ms each (amqplib's own timeout of 100 ms, else the deadline), and the backoff.
    expect(performance.now() - started).toBeLessThan(2_000);
    await output.shutdown();
  });
});
