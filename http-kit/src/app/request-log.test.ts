import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@tracey/common';
import { createMetricsRegistry } from '../metrics/metrics-registry.js';
import { createServiceApp } from './service-app.js';

// What a service logs of its requests: one line an answered request, none for a request the rate
// limit refuses — a flood of 10,000 refused requests wrote 30,000 lines before (issue 24).
describe('the request log', () => {
  it('has one line per answered request and none per refusal of the rate limit', async () => {
    const destination = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    destination.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const app = createServiceApp({
      name: 'log-test',
      logger: createLogger({ name: 'log-test', level: 'info', destination }),
      errors: {
        status: { T_BAD: 400, T_MISSING: 404, T_INTERNAL: 500, T_LIMITED: 429 },
        badRequest: 'T_BAD',
        notFound: 'T_MISSING',
        internal: 'T_INTERNAL',
        frameworkStatus: { 429: 'T_LIMITED' },
      },
      metrics: createMetricsRegistry(),
      readiness: () => Promise.resolve({ ready: true }),
      rateLimit: { max: 2, windowMs: 60_000 },
    });
    app.get('/thing', () => ({ ok: true }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const answer = await app.inject({ method: 'GET', url: '/thing?token=s3cr3t' });
        statuses.push(answer.statusCode);
      }
      expect(statuses).toEqual([200, 200, 429, 429, 429, 429, 429, 429, 429, 429]);
      await new Promise((resolve) => setImmediate(resolve));
      const requests = lines.filter((line) => line['msg'] === 'request completed');
      expect(requests).toHaveLength(2);
      expect(requests[0]).toMatchObject({
        req: { method: 'GET', url: '/thing?token=***' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number) as number,
      });
      // Nothing else either: no `incoming request`, no line of the error answer for a 429.
      expect(lines.filter((line) => line['msg'] !== 'request completed')).toEqual([]);
      expect(JSON.stringify(lines)).not.toContain('s3cr3t');
    } finally {
      await app.close();
    }
  });
});
