import type { Channel, ChannelModel } from 'amqplib';
import {
  bucketQuantile,
  bucketsSince,
  histogramBuckets,
  metricValue,
  type BenchWorker,
  type Buckets,
} from './bench-worker.js';

// bench:ingest's view of an end-to-end run second by second (TRACEY_BENCH_TIMELINE=1).

export const LATENCY = 'tracey_aggregator_ingest_latency_seconds';
const BATCH = 'tracey_aggregator_batch_duration_seconds';

/**
 * A run second by second: events published, queued and stored in each second, the
 * publish-to-stored latency of those stored and the longest batch writes, so that a latency tail
 * can be placed in time (the start, a stall, a backlog).
 */
export class Timeline {
  private readonly rows = [
    '  s  published  queued  stored  latency p50/p99/max ms  batches  batch p99/max ms',
  ];
  private last: { latency: Buckets; batch: Buckets; written: number } | undefined;
  private readonly timer: NodeJS.Timeout;
  private sampling = Promise.resolve();

  private constructor(
    private readonly channel: Channel,
    private readonly workers: readonly BenchWorker[],
    private readonly queue: string,
    private readonly sent: { count: number },
  ) {
    const start = performance.now();
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample(Math.round((performance.now() - start) / 1000)));
    }, 1000);
  }

  static async start(
    connection: ChannelModel,
    workers: readonly BenchWorker[],
    queue: string,
    sent: { count: number },
  ): Promise<Timeline> {
    const timeline = new Timeline(await connection.createChannel(), workers, queue, sent);
    await timeline.sample(0);
    return timeline;
  }

  async stop(): Promise<string[]> {
    clearInterval(this.timer);
    await this.sampling;
    await this.channel.close();
    return this.rows;
  }

  private async sample(second: number): Promise<void> {
    const texts = await Promise.all(this.workers.map((worker) => worker.metrics()));
    const queued = (await this.channel.checkQueue(this.queue)).messageCount;
    const now = {
      latency: histogramBuckets(texts, LATENCY),
      batch: histogramBuckets(texts, BATCH),
      written: texts.reduce(
        (sum, text) => sum + metricValue(text, 'tracey_aggregator_events_written_total'),
        0,
      ),
    };
    const last = this.last;
    this.last = now;
    if (last === undefined) return;
    const latency = bucketsSince(now.latency, last.latency);
    const batch = bucketsSince(now.batch, last.batch);
    const ms = (seconds: number) => String(Math.round(seconds * 1000));
    this.rows.push(
      [
        String(second).padStart(3),
        String(this.sent.count).padStart(10),
        String(queued).padStart(7),
        String(now.written - last.written).padStart(7),
        `${ms(bucketQuantile(latency, 0.5))}/${ms(bucketQuantile(latency, 0.99))}/${ms(bucketQuantile(latency, 1))}`.padStart(
          23,
        ),
        String(batch.at(-1)?.count ?? 0).padStart(8),
        `${ms(bucketQuantile(batch, 0.99))}/${ms(bucketQuantile(batch, 1))}`.padStart(17),
      ].join(' '),
    );
  }
}
