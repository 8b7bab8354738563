import type { FastifyInstance } from 'fastify';
import type { Logger } from '@tracey/common';
import { createServiceApp, type Readiness } from '@tracey/http-kit';
import type { NotReadyReason } from '../worker/aggregator-worker.js';
import { AGGREGATOR_ERROR_STATUS } from './aggregator-error.js';
import type { AggregatorMetrics } from './aggregator-metrics.js';

export interface OpsAppOptions {
  readonly logger: Logger;
  /** The worker's series, served at `/metrics`. */
  readonly metrics: AggregatorMetrics;
  /** Brings the gauges up to date before `/metrics` answers. */
  readonly refreshMetrics?: () => Promise<void>;
  /** The worker as `/ready` asks it. */
  readonly worker: { readonly ready: boolean; readonly notReadyReason: NotReadyReason };
}

const NOT_READY_MESSAGES: Readonly<Record<NonNullable<NotReadyReason>, string>> = {
  stopping: 'the worker is stopping',
  'graph-unavailable': 'the graph database does not answer',
  'broker-unavailable': 'the broker does not answer',
  stuck: 'a write keeps failing and cannot be split further',
};

/** The worker's readiness as `/ready` answers it. */
function readiness(worker: OpsAppOptions['worker']): Readiness {
  if (worker.ready) return { ready: true };
  const reason = worker.notReadyReason;
  return {
    ready: false,
    code: 'AGGREGATOR_NOT_READY',
    message: reason === undefined ? 'the worker is not consuming yet' : NOT_READY_MESSAGES[reason],
    details: reason === undefined ? {} : { reason },
  };
}

/**
 * The worker's operations port, not listening: `/health`, `/ready` (200 when consuming with a
 * working graph, else 503 `AGGREGATOR_NOT_READY` with the reason), `/metrics`, and `GET /`,
 * answering like the query API's and the adapter's.
 */
export function buildOpsApp(options: OpsAppOptions): FastifyInstance {
  return createServiceApp({
    name: 'tracey-aggregator',
    logger: options.logger,
    errors: {
      status: AGGREGATOR_ERROR_STATUS,
      badRequest: 'AGGREGATOR_BAD_REQUEST',
      notFound: 'AGGREGATOR_NOT_FOUND',
      internal: 'AGGREGATOR_INTERNAL',
    },
    metrics: options.metrics.registry,
    ...(options.refreshMetrics === undefined ? {} : { refreshMetrics: options.refreshMetrics }),
    readiness: () => readiness(options.worker),
  });
}
