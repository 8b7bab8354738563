/** What {@link metricValue} reads: a prom-client counter or gauge. */
export interface ReadableMetric {
  get(): Promise<{
    readonly values: readonly { readonly value: number; readonly labels: object }[];
  }>;
}

/**
 * The current value of one series of a counter or gauge (0 when it has none yet); `labels` must
 * match the series' exactly. prom-client reads values asynchronously: tests await this helper.
 */
export async function metricValue(
  metric: ReadableMetric,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const series = values.find((value) => {
    const have = Object.entries(value.labels as Record<string, unknown>);
    return (
      have.length === wanted.length &&
      wanted.every(([name, text]) => String((value.labels as Record<string, unknown>)[name]) === text)
    );
  });
  return series?.value ?? 0;
}
export { parsePrometheusText } from './prometheus-text.js';
export type { PrometheusFamily, PrometheusSample } from './prometheus-text.js';
