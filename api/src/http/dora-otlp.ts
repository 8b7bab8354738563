import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { percentile } from '@tracey/dora';
import type { DoraMetrics } from './dora-metrics.js';

// The DORA series pushed over OTLP (issue 20), for a collector rather than a Prometheus scrape:
// the OpenTelemetry SDK's exporter (OTLP/HTTP), gauges observed from the same computation as
// /metrics, per service and environment, every export interval.

export interface DoraOtlpOptions {
  /** The collector's metrics URL; default: the exporter's own, from `OTEL_EXPORTER_OTLP_*`. */
  readonly url?: string | undefined;
  /** How often (ms) to compute and push; `OTEL_METRIC_EXPORT_INTERVAL`, default 60 s. */
  readonly intervalMs: number;
}

const median = (values: readonly number[]): number | undefined =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  ) ?? undefined;

/** Starts pushing `dora`'s figures; `shutdown` pushes the last ones and stops. */
export function pushDoraOverOtlp(dora: DoraMetrics, options: DoraOtlpOptions): { shutdown(): Promise<void> } {
  const exporter = new OTLPMetricExporter(options.url === undefined ? {} : { url: options.url });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'tracey-api' }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: options.intervalMs })],
  });
  const meter = provider.getMeter('tracey-dora');
  const gauge = (name: string, description: string, unit = '1') =>
    meter.createObservableGauge(name, { description, unit });
  const series = {
    up: gauge('tracey.dora.up', '1 when the last DORA computation succeeded, else 0.'),
    deployments: gauge(
      'tracey.dora.deployments',
      'Deployments in the window, per service and production environment.',
    ),
    successful: gauge('tracey.dora.successful_deployments', 'Successful deployments in the window.'),
    failed: gauge(
      'tracey.dora.failed_deployments',
      'Failed deployments: outcome failure, rolled back, or the cause of an incident.',
    ),
    rework: gauge('tracey.dora.rework_deployments', 'Rollbacks and deployments whose delta resolves a bug.'),
    deploymentDays: gauge('tracey.dora.deployment_days', 'Days of the window with a successful deployment.'),
    leadTime: gauge(
      'tracey.dora.lead_time.median',
      'Median lead time for changes first delivered in the window.',
      's',
    ),
    leadTimeSample: gauge('tracey.dora.lead_time.sample', 'Changes first delivered in the window.'),
    recovery: gauge(
      'tracey.dora.recovery_time.median',
      'Median failed deployment recovery time of the window.',
      's',
    ),
    recoverySample: gauge(
      'tracey.dora.recovery_time.sample',
      'Incidents detected in the window and resolved.',
    ),
  };
  meter.addBatchObservableCallback(async (result) => {
    await dora.refresh();
    const { up, figures } = dora.snapshot();
    result.observe(series.up, up ? 1 : 0);
    for (const entry of figures) {
      const labels = { service: entry.service, environment: entry.environment, team: entry.team };
      // As on /metrics: the deployment series of the services that deployed, recoveries of any.
      if (entry.deployments > 0) {
        result.observe(series.deployments, entry.deployments, labels);
        result.observe(series.successful, entry.successful, labels);
        result.observe(series.failed, entry.failed, labels);
        result.observe(series.rework, entry.rework, labels);
        result.observe(series.deploymentDays, entry.deploymentDays, labels);
        result.observe(series.leadTimeSample, entry.leadTimes.length, labels);
      }
      result.observe(series.recoverySample, entry.recoveries.length, labels);
      const lead = median(entry.leadTimes);
      if (lead !== undefined) result.observe(series.leadTime, lead, labels);
      const recovery = median(entry.recoveries);
      if (recovery !== undefined) result.observe(series.recovery, recovery, labels);
    }
  }, Object.values(series));
  return { shutdown: () => provider.shutdown() };
}
