import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, processCpuSeconds } from '@tracey/common';

// bench:ingest's view of one tracey-aggregator process: spawned as deployed (`node
// aggregator/dist/main.js`), read through /ready and /metrics and /proc.

const mainJs = fileURLToPath(new URL('../main.js', import.meta.url));

export interface BenchWorkerSettings {
  readonly amqpUrl: string;
  readonly neo4jUrl: string;
  readonly neo4jUser: string;
  readonly neo4jPassword: string;
  readonly exchange: string;
  readonly queue: string;
  readonly deadLetterQueue: string;
  /** TRACEY_* settings passed on as given (batch size, prefetch, write concurrency). */
  readonly passOn: Readonly<Record<string, string>>;
}

export class BenchWorker {
  private constructor(
    private readonly child: ChildProcess,
    private readonly port: number,
    /** performance.now() when it was spawned. */
    readonly spawnedAt: number,
  ) {}

  static async start(settings: BenchWorkerSettings): Promise<BenchWorker> {
    const port = await freePort();
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [mainJs], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env['PATH'] ?? '',
        TRACEY_AMQP_URL: settings.amqpUrl,
        TRACEY_NEO4J_URL: settings.neo4jUrl,
        TRACEY_NEO4J_USER: settings.neo4jUser,
        TRACEY_NEO4J_PASSWORD: settings.neo4jPassword,
        TRACEY_EXCHANGE: settings.exchange,
        TRACEY_QUEUE: settings.queue,
        TRACEY_DEAD_LETTER_QUEUE: settings.deadLetterQueue,
        TRACEY_AGGREGATOR_PORT: String(port),
        TRACEY_LOG_LEVEL: 'warn',
        // TRACEY_BENCH_WORKER_NODE_OPTIONS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the worker.
        ...(process.env['TRACEY_BENCH_WORKER_NODE_OPTIONS'] === undefined
          ? {}
          : { NODE_OPTIONS: process.env['TRACEY_BENCH_WORKER_NODE_OPTIONS'] }),
        ...settings.passOn,
      },
    });
    return new BenchWorker(child, port, spawnedAt);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  private checkAlive(): void {
    if (this.child.exitCode !== null) throw new Error(`worker exited with ${String(this.child.exitCode)}`);
  }

  /** Waits for /ready; returns performance.now() then. */
  async ready(): Promise<number> {
    for (;;) {
      this.checkAlive();
      const ok = await fetch(`http://127.0.0.1:${this.port}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return performance.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async metrics(): Promise<string> {
    this.checkAlive();
    return fetch(`http://127.0.0.1:${this.port}/metrics`).then((response) => response.text());
  }

  async written(): Promise<number> {
    return metricValue(await this.metrics(), 'tracey_aggregator_events_written_total');
  }

  /** CPU seconds (user + system) it has used, from /proc/<pid>/stat. */
  cpuSeconds(): number {
    const seconds = processCpuSeconds(this.pid);
    if (seconds === undefined) throw new Error(`cannot read the CPU time of worker ${this.pid}`);
    return seconds;
  }

  /** Resident set size now, or its peak (`VmHWM`), in bytes. */
  memory(field: 'VmRSS' | 'VmHWM'): number {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) * 1024;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return Number(match?.[1] ?? 0);
}

/** A histogram's cumulative buckets, upper bound ascending; given several expositions, summed. */
export type Buckets = readonly { readonly le: number; readonly count: number }[];

export function histogramBuckets(texts: string | readonly string[], name: string): Buckets {
  const counts = new Map<string, number>();
  for (const text of typeof texts === 'string' ? [texts] : texts) {
    for (const m of text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))) {
      const le = m[1] ?? '';
      counts.set(le, (counts.get(le) ?? 0) + Number(m[2]));
    }
  }
  return [...counts].map(([le, count]) => ({ le: le === '+Inf' ? Infinity : Number(le), count }));
}

/** The observations of `later` that `earlier` (a scrape of the same histogram) had not seen. */
export function bucketsSince(later: Buckets, earlier: Buckets): Buckets {
  return later.map((bucket, i) => ({ le: bucket.le, count: bucket.count - (earlier[i]?.count ?? 0) }));
}

/**
 * Quantile of a Prometheus histogram, linear within the bucket it falls in; given several
 * expositions (one per worker), of the histogram of all their observations (buckets summed).
 */
export function histogramQuantile(texts: string | readonly string[], name: string, q: number): number {
  return bucketQuantile(histogramBuckets(texts, name), q);
}

export function bucketQuantile(buckets: Buckets, q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lower;
      return lower + ((bucket.le - lower) * (rank - below)) / Math.max(1, bucket.count - below);
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return lower;
}
