import { describe, expect, it } from 'vitest';
import { createLogger } from '@tracey/common';
import { createMetricsRegistry } from '../metrics/metrics-registry.js';
import { createServiceApp } from './service-app.js';
import { helmetHeaders } from './security-headers.js';

// Every Tracey HTTP service answers with the headers that stop a browser from sniffing types,
// framing its answers or leaking where it came from; it sends no CORS headers (other sites' pages
// cannot read its answers).
describe('security headers', () => {
  it('are the ones helmet sets, worked out once, with no content security policy', () => {
    const headers = helmetHeaders({ contentSecurityPolicy: false });
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringContaining('max-age=') as string,
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(Object.keys(headers)).not.toContain('content-security-policy');
    expect(Object.keys(headers)).not.toContain('x-powered-by');
    expect(helmetHeaders({})).toHaveProperty('content-security-policy');
  });

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
        for (const [name, value] of Object.entries(helmetHeaders({ contentSecurityPolicy: false })))
          expect(answer.headers[name], `${url} ${name}`).toBe(value);
      }
    } finally {
      await app.close();
    }
  });

  it('answers CORS for the configured origins only, preflight included', async () => {
    const app = createServiceApp({
      name: 'cors-test',
      logger: createLogger({ name: 'cors-test', level: 'silent' }),
      errors: {
        status: { T_BAD: 400, T_MISSING: 404, T_INTERNAL: 500 },
        badRequest: 'T_BAD',
        notFound: 'T_MISSING',
        internal: 'T_INTERNAL',
      },
      metrics: createMetricsRegistry(),
      readiness: () => Promise.resolve({ ready: true }),
      corsOrigins: ['https://ui.example.com'],
    });
    app.get('/thing', () => ({ ok: true }));
    try {
      const allowed = await app.inject({
        method: 'GET',
        url: '/thing',
        headers: { origin: 'https://ui.example.com' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://ui.example.com');
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/thing',
        headers: {
          origin: 'https://ui.example.com',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.statusCode).toBe(204);
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('Authorization');
      for (const origin of ['https://evil.example', 'https://ui.example.com.evil.example', 'null']) {
        const refused = await app.inject({ method: 'GET', url: '/thing', headers: { origin } });
        expect(refused.headers['access-control-allow-origin'], origin).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });
});
