import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { parsePrometheusText } from '@tracey/http-kit/testing';
import { buildApp } from '../build-app.js';
import type { QueryGraph } from '../graph/query-graph.js';

// /health, /ready and unknown paths need no database; the graph only answers ping.
const pingOnly: QueryGraph = {
  ping: () => Promise.resolve(),
  read: () => Promise.reject(new Error('no graph in this test')),
  missingLinkTargets: () => Promise.reject(new Error('no graph in this test')),
  close: () => Promise.resolve(),
};

describe('/metrics', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = buildApp({
      graph: pingOnly,
      config: { apiToken: 't', readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
    });
    await app.ready();
  });

  afterAll(() => app.close());

  it('counts requests by method, route pattern and status, and times them by route', async () => {
    for (let i = 0; i < 3; i++) await app.inject({ url: '/health' });
    await app.inject({ url: '/events/some-id/upstream?maxDepth=0' });
    await app.inject({ url: '/no/such/path/1' });
    await app.inject({ url: '/no/such/path/2' });
    const response = await app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = response.body;
    expect(text).toContain('tracey_api_requests_total{method="GET",route="/health",status="200"} 3');
    expect(text).toContain(
      'tracey_api_requests_total{method="GET",route="/events/:id/upstream",status="400"} 1',
    );
    expect(text).toContain('tracey_api_requests_total{method="GET",route="unmatched",status="404"} 2');
    expect(text).not.toContain('/no/such/path');
    expect(text).toContain('tracey_api_request_duration_seconds_count{method="GET",route="/health"} 3');
    // The last bucket, whatever the order of its labels.
    const lastBucket = parsePrometheusText(text)
      .get('tracey_api_request_duration_seconds')
      ?.samples.find(
        ({ name, labels }) =>
          name === 'tracey_api_request_duration_seconds_bucket' &&
          labels['method'] === 'GET' &&
          labels['route'] === '/health' &&
          labels['le'] === '+Inf',
      );
    expect(lastBucket?.value).toBe(3);
  });
});
