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

export class Histogram implements Metric {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) this.counts[index] = (this.counts[index] ?? 0) + 1;
  }

  /** Observations so far: total count, sum, and cumulative count per upper bound. */
  snapshot(): { count: number; sum: number; buckets: { le: number; count: number }[] } {
    let cumulative = 0;
    const buckets = this.buckets.map((le, i) => ({ le, count: (cumulative += this.counts[i] ?? 0) }));
    return { count: this.count, sum: this.sum, buckets };
  }

  render(): string[] {
    const { count, sum, buckets } = this.snapshot();
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} histogram`,
      ...buckets.map((b) => `${this.name}_bucket{le="${b.le}"} ${b.count}`),
      `${this.name}_bucket{le="+Inf"} ${count}`,
      `${this.name}_sum ${sum}`,
      `${this.name}_count ${count}`,
    ];
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
