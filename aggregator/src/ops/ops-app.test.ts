import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import type { NotReadyReason } from '../worker/aggregator-worker.js';
import { createAggregatorMetrics } from './aggregator-metrics.js';
import { buildOpsApp } from './ops-app.js';

const logger = createLogger({ name: 'ops-app-test', level: 'silent' });
let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function opsApp(
  worker: { ready: boolean; notReadyReason: NotReadyReason },
  refreshMetrics?: () => Promise<void>,
): FastifyInstance {
  open = buildOpsApp({
    logger,
    metrics: createAggregatorMetrics(),
    worker,
    ...(refreshMetrics === undefined ? {} : { refreshMetrics }),
  });
  return open;
}

describe("the aggregator's operations port", () => {
  it('answers /health and /ready like the other services', async () => {
    const worker = { ready: true, notReadyReason: undefined as NotReadyReason };
    const app = opsApp(worker);
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/ready')).json()).toEqual({ status: 'ready' });
    worker.ready = false;
    worker.notReadyReason = 'stuck';
    const stuck = await app.inject('/ready');
    expect(stuck.statusCode).toBe(503);
    expect(stuck.json()).toEqual({
      error: {
        code: 'AGGREGATOR_NOT_READY',
        message: 'a write keeps failing and cannot be split further',
        details: { reason: 'stuck' },
      },
    });
  });

  it('lists its URLs at GET /, and answers unknown paths and bad URLs in the error body', async () => {
    const app = opsApp({ ready: true, notReadyReason: undefined });
    expect((await app.inject('/')).json()).toEqual({
      service: 'tracey-aggregator',
      links: { health: '/health', ready: '/ready', metrics: '/metrics' },
      routes: ['GET /health', 'GET /ready', 'GET /metrics'],
    });
    const missing = await app.inject({ method: 'POST', url: '/health' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'AGGREGATOR_NOT_FOUND', details: {} } });
    const bad = await app.inject('/%zz');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'AGGREGATOR_BAD_REQUEST' } });
  });

  it('refreshes the gauges before /metrics, and answers 500 AGGREGATOR_INTERNAL when it cannot', async () => {
    let fail = false;
    const app = opsApp({ ready: true, notReadyReason: undefined }, () =>
      fail ? Promise.reject(new Error('secret internals')) : Promise.resolve(),
    );
    expect((await app.inject('/metrics')).body).toContain('tracey_aggregator_stuck_writes 0');
    fail = true;
    const failed = await app.inject('/metrics');
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({
      error: { code: 'AGGREGATOR_INTERNAL', message: 'internal error', details: {} },
    });
  });
});
