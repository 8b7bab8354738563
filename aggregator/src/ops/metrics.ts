/**
 * A small Prometheus registry: counters, gauges and histograms rendered in the text exposition
 * format. Labels are fixed per series at creation by the code, never taken from input.
 */
type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

interface Metric {
  render(): string[];
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(amount = 1, labels: Labels = {}): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }

  /** Current value of one series, for tests and logs. */
  value(labels: Labels = {}): number {
    return this.values.get(labelText(labels)) ?? 0;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${value}`);
    return lines;
  }
}

export class Gauge implements Metric {
  private current = 0;
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  set(value: number): void {
    this.current = value;
  }

  value(): number {
    return this.current;
  }

  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.current}`];
  }
}

interface HistogramSeries {
  readonly labels: Labels;
  readonly counts: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = labelText(labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    series.sum += value;
    series.count += 1;
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) series.counts[index] = (series.counts[index] ?? 0) + 1;
  }

  /** Observations of one series so far: total count, sum, and cumulative count per upper bound. */
  snapshot(labels: Labels = {}): { count: number; sum: number; buckets: { le: number; count: number }[] } {
    const series = this.series.get(labelText(labels));
    let cumulative = 0;
    const buckets = this.buckets.map((le, i) => ({ le, count: (cumulative += series?.counts[i] ?? 0) }));
    return { count: series?.count ?? 0, sum: series?.sum ?? 0, buckets };
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    // An unlabelled histogram shows zeros before its first observation, as it always did.
    const all = this.series.size === 0 ? [{ labels: {} }] : [...this.series.values()];
    for (const { labels } of all) {
      const { count, sum, buckets } = this.snapshot(labels);
      const withLabels = (extra: Labels) => labelText({ ...labels, ...extra });
      const plain = labelText(labels);
      lines.push(
        ...buckets.map((b) => `${this.name}_bucket${withLabels({ le: String(b.le) })} ${b.count}`),
        `${this.name}_bucket${withLabels({ le: '+Inf' })} ${count}`,
        `${this.name}_sum${plain} ${sum}`,
        `${this.name}_count${plain} ${count}`,
      );
    }
    return lines;
  }
}

/** Series of one process, rendered together. */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  /** The text exposition format (version 0.0.4). */
  render(): string {
    return `${this.metrics.flatMap((metric) => metric.render()).join('\n')}\n`;
  }
}
