import type { Registry } from 'prom-client';
import type { Logger } from '@tracey/common';
import { computeDora, type DoraConfig, type DoraGraph, type DoraLimits, type DoraResult } from '@tracey/dora';
import { createGauge, createHistogram } from '@tracey/http-kit';

// The DORA keys as Prometheus series (issue 20), for Grafana and alerting: computed from the graph
// when /metrics is scraped — at most once per interval, over a sliding window (default the last
// 30 days) — per service and production environment. Gauges and histograms of the window, not
// counters: the graph is the record, and a figure of the window is what a dashboard shows.

const HOUR = 3600;
/** Lead and recovery times, seconds: 5 minutes to 30 days, around the DORA tiers' thresholds. */
const BUCKETS = [300, 900, HOUR, 4 * HOUR, 8 * HOUR, 24 * HOUR, 2 * 24 * HOUR, 7 * 24 * HOUR, 30 * 24 * HOUR];

const LABELS = ['service', 'environment'] as const;

export interface DoraMetricsOptions {
  readonly graph: DoraGraph;
  readonly config: DoraConfig;
  readonly limits: DoraLimits;
  readonly logger: Logger;
  readonly now: () => number;
  /** The window the series are of, ms. */
  readonly windowMs: number;
  /** The shortest time between two computations, ms: scrapes in between see the last one. */
  readonly intervalMs: number;
}

/** The DORA series of `registry` and what refreshes them (the API's `refreshMetrics`). */
export function doraMetrics(registry: Registry, options: DoraMetricsOptions): { refresh(): Promise<void> } {
  const gauge = (name: string, help: string) => createGauge(registry, name, help, LABELS);
  const deployments = gauge(
    'tracey_dora_deployments',
    'Deployments in the window (successful and failed), per service and production environment.',
  );
  const successful = gauge('tracey_dora_successful_deployments', 'Successful deployments in the window.');
  const failed = gauge(
    'tracey_dora_failed_deployments',
    'Failed deployments in the window: outcome failure, rolled back, or the cause of an incident.',
  );
  const rework = gauge(
    'tracey_dora_rework_deployments',
    'Deployments in the window that were unplanned fixes: a rollback, or a delta that resolves a bug.',
  );
  const deploymentDays = gauge(
    'tracey_dora_deployment_days',
    'Days of the window with a successful deployment.',
  );
  const leadTime = createHistogram(
    registry,
    'tracey_dora_lead_time_seconds',
    'Lead time for changes: first commit to the first successful deployment that delivered it, per change.',
    BUCKETS,
    LABELS,
  );
  const recoveryTime = createHistogram(
    registry,
    'tracey_dora_recovery_time_seconds',
    'Failed deployment recovery time: incident detected to resolved, per incident detected in the window.',
    BUCKETS,
    LABELS,
  );
  const windowSeconds = createGauge(
    registry,
    'tracey_dora_window_seconds',
    'The window the DORA series are of.',
  );
  const up = createGauge(registry, 'tracey_dora_up', '1 when the last DORA computation succeeded, else 0.');
  const computedAt = createGauge(
    registry,
    'tracey_dora_computed_timestamp_seconds',
    'When the DORA series were last computed (Unix time).',
  );
  const computeSeconds = createGauge(
    registry,
    'tracey_dora_computation_seconds',
    'How long the last computation took.',
  );
  windowSeconds.set(options.windowMs / 1000);

  const publish = (result: DoraResult): void => {
    for (const metric of [deployments, successful, failed, rework, deploymentDays, leadTime, recoveryTime])
      metric.reset();
    const days = new Map<string, Set<number>>();
    const serviceOf = new Map<string, { service: string; environment: string }>();
    for (const d of result.deployments) {
      const labels = { service: d.service, environment: d.environment };
      serviceOf.set(d.id, labels);
      deployments.inc(labels);
      // Every series of a service that deployed is there, 0 included: a dashboard divides by them.
      for (const series of [successful, failed, rework, deploymentDays]) series.inc(labels, 0);
      if (d.outcome === 'success') {
        successful.inc(labels);
        const key = JSON.stringify(labels);
        const seen = days.get(key) ?? new Set<number>();
        seen.add(Math.floor(d.time / 86_400_000));
        days.set(key, seen);
      }
      if (d.failed) failed.inc(labels);
      if (d.rework) rework.inc(labels);
      for (const change of d.changes) if (change.counted) leadTime.observe(labels, change.leadTimeMs / 1000);
    }
    for (const [key, seen] of days)
      deploymentDays.set(JSON.parse(key) as { service: string; environment: string }, seen.size);
    for (const incident of result.incidents) {
      if (incident.recoveryMs === null) continue;
      // An incident without a service or environment is its cause's, as for the scope filters.
      const cause =
        incident.cause.deploymentId === null ? undefined : serviceOf.get(incident.cause.deploymentId);
      const service = incident.service ?? cause?.service;
      const environment = incident.environment ?? cause?.environment;
      if (service === undefined || environment === undefined) continue;
      recoveryTime.observe({ service, environment }, incident.recoveryMs / 1000);
    }
  };

  let last = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;
  const compute = async (): Promise<void> => {
    const until = options.now();
    const started = performance.now();
    try {
      publish(
        await computeDora(
          options.graph,
          options.config,
          { since: until - options.windowMs, until },
          options.limits,
        ),
      );
      up.set(1);
      computedAt.set(Math.floor(until / 1000));
    } catch (error) {
      // The last figures stay; `tracey_dora_up 0` says they are stale.
      options.logger.warn({ err: error }, 'the DORA series could not be computed');
      up.set(0);
    } finally {
      computeSeconds.set((performance.now() - started) / 1000);
    }
  };
  return {
    refresh: async () => {
      if (running !== undefined) return running;
      if (options.now() - last < options.intervalMs) return;
      last = options.now();
      running = compute().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
