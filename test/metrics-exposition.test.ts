import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { buildApp as buildApiApp, type QueryGraph } from '@tracey/api';
import { buildOpsApp, createAggregatorMetrics } from '@tracey/aggregator';
import { parsePrometheusText } from '@tracey/http-kit/testing';
import { buildApp as buildAdapterApp, DEFAULT_PURL_TEMPLATE, EventPublisher } from '@tracey/jenkins-adapter';
import { MemoryOutput } from '@tracey/producer-core/testing';

const logger = createLogger({ name: 'metrics-exposition', level: 'silent' });
const pingOnly: QueryGraph = {
  ping: () => Promise.resolve(),
  read: () => Promise.reject(new Error('no graph in this test')),
  missingLinkTargets: () => Promise.reject(new Error('no graph in this test')),
  close: () => Promise.resolve(),
};

// Each service as it runs, with the series only it serves.
const services: Record<string, { app: () => FastifyInstance; own: string }> = {
  'tracey-api': {
    app: () => buildApiApp({ graph: pingOnly, config: { apiToken: 't', readAuth: 'optional' }, logger }),
    own: 'tracey_api_requests_total',
  },
  'tracey-jenkins-adapter': {
    app: () =>
      buildAdapterApp({
        config: { adapterToken: 't', purlTemplate: DEFAULT_PURL_TEMPLATE },
        logger,
        publisher: new EventPublisher(new MemoryOutput()),
        sourceChanges: { find: () => Promise.resolve(undefined) },
        brokerReady: () => Promise.resolve(),
      }),
    own: 'tracey_adapter_notifications_total',
  },
  'tracey-aggregator': {
    app: () =>
      buildOpsApp({
        logger,
        metrics: createAggregatorMetrics(),
        worker: { ready: true, notReadyReason: undefined },
      }),
    own: 'tracey_aggregator_events_written_total',
  },
};

let open: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(open.map((app) => app.close()));
  open = [];
});

describe('/metrics of every service', () => {
  it.each(Object.entries(services))(
    '%s serves Prometheus text with the process series and its own',
    async (_, { app: build, own }) => {
      const app = build();
      open.push(app);
      // Two of it in one process: each has its own registry, nothing is registered twice.
      open.push(build());
      const response = await app.inject('/metrics');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      const families = parsePrometheusText(response.body);
      expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
      expect(families.get('process_resident_memory_bytes')?.samples[0]?.value).toBeGreaterThan(0);
      expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
      expect(families.get(own)?.type).toBe('counter');
      expect(families.get(own)?.samples.length).toBeGreaterThan(0);
    },
  );
});
