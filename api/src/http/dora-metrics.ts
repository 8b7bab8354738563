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

// `team`: the first team of the DORA config that lists the service (empty when none), so a
// dashboard sums per team (`sum by (team) (…)`) without a join.
const LABELS = ['service', 'environment', 'team'] as const;

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

/** The figures of one service in one environment, of the last computation. */
export interface DoraFigures {
  readonly service: string;
  readonly environment: string;
  /** The first team of the config that lists the service, `''` when none does. */
  readonly team: string;
  deployments: number;
  successful: number;
  failed: number;
  rework: number;
  deploymentDays: number;
  /** Lead times of the changes first delivered in the window, seconds. */
  readonly leadTimes: number[];
  /** Recovery times of the incidents detected in the window and resolved, seconds. */
  readonly recoveries: number[];
}

/** The DORA series: refreshed when scraped (or pushed), and the last figures. */
export interface DoraMetrics {
  refresh(): Promise<void>;
  /** The last computation's figures, per service and environment; whether it succeeded. */
  snapshot(): { readonly up: boolean; readonly figures: readonly DoraFigures[] };
}

/** The DORA series of `registry` and what refreshes them (the API's `refreshMetrics`). */
export function doraMetrics(registry: Registry, options: DoraMetricsOptions): DoraMetrics {
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
    'Deployments in the window that were unplanned fixes: a rollback, the fix an incident resolution names, or a delta that resolves a bug.',
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
  // Every team a service is in (the series' `team` is the first only): join on `service` to sum per
  // team with a service counted in each of its teams, e.g.
  // sum by (team) (sum by (service) (tracey_dora_deployments) * on (service) group_right tracey_dora_team_service).
  const teamService = createGauge(
    registry,
    'tracey_dora_team_service',
    '1 per service and each team of the DORA config that lists it.',
    ['team', 'service'],
  );
  for (const team of options.config.teams)
    for (const service of team.services) teamService.set({ team: team.name, service }, 1);

  let figures: DoraFigures[] = [];
  let ok = false;
  const teamOf = new Map<string, string>();
  for (const team of [...options.config.teams].reverse())
    for (const service of team.services) teamOf.set(service, team.name);
  const figuresOf = (result: DoraResult): DoraFigures[] => {
    const table = new Map<string, DoraFigures>();
    const row = (service: string, environment: string): DoraFigures => {
      const key = `${service}\u0000${environment}`;
      let entry = table.get(key);
      if (entry === undefined) {
        entry = {
          service,
          environment,
          team: teamOf.get(service) ?? '',
          deployments: 0,
          successful: 0,
          failed: 0,
          rework: 0,
          deploymentDays: 0,
          leadTimes: [],
          recoveries: [],
        };
        table.set(key, entry);
      }
      return entry;
    };
    const days = new Map<DoraFigures, Set<number>>();
    const byId = new Map<string, DoraFigures>();
    for (const d of result.deployments) {
      const entry = row(d.service, d.environment);
      byId.set(d.id, entry);
      entry.deployments++;
      if (d.outcome === 'success') {
        entry.successful++;
        const seen = days.get(entry) ?? new Set<number>();
        seen.add(Math.floor(d.time / 86_400_000));
        days.set(entry, seen);
      }
      if (d.failed) entry.failed++;
      if (d.rework) entry.rework++;
      for (const change of d.changes) if (change.counted) entry.leadTimes.push(change.leadTimeMs / 1000);
    }
    for (const [entry, seen] of days) entry.deploymentDays = seen.size;
    for (const incident of result.incidents) {
      if (incident.recoveryMs === null) continue;
      // An incident without a service or environment is its cause's, as for the scope filters.
      const cause = incident.cause.deploymentId === null ? undefined : byId.get(incident.cause.deploymentId);
      const service = incident.service ?? cause?.service;
      const environment = incident.environment ?? cause?.environment;
      if (service === undefined || environment === undefined) continue;
      row(service, environment).recoveries.push(incident.recoveryMs / 1000);
    }
    return [...table.values()];
  };

  const publish = (result: DoraResult): void => {
    figures = figuresOf(result);
    for (const metric of [deployments, successful, failed, rework, deploymentDays, leadTime, recoveryTime])
      metric.reset();
    for (const entry of figures) {
      const labels = { service: entry.service, environment: entry.environment, team: entry.team };
      // Every series of a service that deployed is there, 0 included: a dashboard divides by them.
      if (entry.deployments > 0) {
        deployments.set(labels, entry.deployments);
        successful.set(labels, entry.successful);
        failed.set(labels, entry.failed);
        rework.set(labels, entry.rework);
        deploymentDays.set(labels, entry.deploymentDays);
      }
      for (const seconds of entry.leadTimes) leadTime.observe(labels, seconds);
      for (const seconds of entry.recoveries) recoveryTime.observe(labels, seconds);
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
      ok = true;
      computedAt.set(Math.floor(until / 1000));
    } catch (error) {
      // The last figures stay; `tracey_dora_up 0` says they are stale.
      options.logger.warn({ err: error }, 'the DORA series could not be computed');
      up.set(0);
      ok = false;
    } finally {
      computeSeconds.set((performance.now() - started) / 1000);
    }
  };
  return {
    snapshot: () => ({ up: ok, figures }),
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
