import { describe, expect, it } from 'vitest';
import { sign } from '@octokit/webhooks-methods';
import { createLogger } from '@tracey/common';
import { EventPublisher } from '@tracey/intake';
import { BUILT_IN_MAPPERS } from '@tracey/mapping';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { buildWebhookApp } from './build-app.js';

// Issue 24: the intake counts requests per token, and forge deliveries (no token: a signature)
// per address; over the limit a 429 ADAPTER_RATE_LIMITED with Retry-After, nothing published.
describe('the webhook adapter’s rate limit', () => {
  it('answers 429 past the limit, per address for signed forge deliveries, publishing nothing more', async () => {
    const output = new MemoryOutput();
    const app = buildWebhookApp({
      token: 'cloudevents-token',
      logger: createLogger({ name: 'rate-limit-test', level: 'silent' }),
      mappers: BUILT_IN_MAPPERS,
      publisher: new EventPublisher(output),
      brokerReady: () => Promise.resolve(),
      forges: { githubSecret: 'forge-secret' },
      rateLimit: { max: 2, windowMs: 60_000 },
    });
    try {
      const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
      const deliver = async (ip: string) =>
        app.inject({
          method: 'POST',
          url: '/github',
          remoteAddress: ip,
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'ping',
            'x-github-delivery': 'bf7ad060-da5f-11ef-94e8-d526e2a0a5f2',
            'x-hub-signature-256': await sign('forge-secret', body),
          },
          payload: body,
        });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await deliver('192.0.2.7')).statusCode);
      expect(statuses.slice(0, 2).every((status) => status < 300)).toBe(true);
      const refused = await deliver('192.0.2.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('ADAPTER_RATE_LIMITED');
      expect((await deliver('192.0.2.8')).statusCode).toBeLessThan(300);
      expect(output.messages).toHaveLength(0);
      // The token's requests count apart from the forge's address.
      const cloudEvent = await app.inject({
        method: 'POST',
        url: '/cloudevents',
        remoteAddress: '192.0.2.7',
        headers: {
          authorization: 'Bearer cloudevents-token',
          'content-type': 'application/cloudevents+json',
        },
        payload: '{}',
      });
      expect(cloudEvent.statusCode).not.toBe(429);
    } finally {
      await app.close();
    }
  });
});
