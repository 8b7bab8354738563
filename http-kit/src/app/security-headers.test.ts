import { describe, expect, it } from 'vitest';
import { createLogger } from '@tracey/common';
import { createMetricsRegistry } from '../metrics/metrics-registry.js';
import { createServiceApp } from './service-app.js';

// Every Tracey HTTP service answers with the headers that stop a browser from sniffing types,
// framing its answers or leaking where it came from; it sends no CORS headers (other sites' pages
// cannot read its answers).
describe('security headers', () => {
  it('are on every answer, errors included, and no CORS header is', async () => {
    const app = createServiceApp({
      name: 'headers-test',
      logger: createLogger({ name: 'headers-test', level: 'silent' }),
      errors: {
        status: { T_BAD: 400, T_MISSING: 404, T_INTERNAL: 500 },
        badRequest: 'T_BAD',
        notFound: 'T_MISSING',
        internal: 'T_INTERNAL',
      },
      metrics: createMetricsRegistry(),
      readiness: () => Promise.resolve({ ready: true }),
    });
    app.get('/thing', () => ({ ok: true }));
    try {
      for (const url of ['/thing', '/nowhere', '/health']) {
        const answer = await app.inject({ method: 'GET', url, headers: { origin: 'https://evil.example' } });
        expect(answer.headers['x-content-type-options'], url).toBe('nosniff');
        expect(answer.headers['x-frame-options'], url).toBe('SAMEORIGIN');
        expect(answer.headers['referrer-policy'], url).toBe('no-referrer');
        expect(answer.headers['access-control-allow-origin'], url).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });
});
