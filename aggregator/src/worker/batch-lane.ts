/** What a lane needs to know of each item it batches. */
export interface LaneItem {
  /** Size of the message, counted against the batch's byte bound. */
  readonly bytes: number;
  /** When it was received, ms since the epoch: a batch is due `batchMs` after its oldest item. */
  readonly receivedAt: number;
}

export interface BatchLaneOptions<T extends LaneItem> {
  /** Most items in one batch. */
  readonly batchSize: number;
  /** Most bytes in one batch; a batch always takes at least one item, however large. */
  readonly batchBytes: number;
  /** Longest wait (ms) to fill a batch. */
  readonly batchMs: number;
  /** Batches written at once. */
  readonly concurrency: number;
  /** Writes and settles one batch; never rejects (the caller handles its own errors). */
  readonly write: (batch: T[]) => Promise<void>;
  /** Whether an item is still worth writing (false: its connection is gone). */
  readonly live: (item: T) => boolean;
}

/**
 * Items waiting to be written, cut into batches bounded by count and by bytes, written by up to
 * `concurrency` writes at once. {@link BatchLane.run} runs until {@link BatchLane.close}, after
 * which it writes what is buffered (unless told to drop it) and resolves when every write is over.
 */
export class BatchLane<T extends LaneItem> {
  private readonly buffer: T[] = [];
  private bufferedBytes = 0;
  private readonly writing = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: BatchLaneOptions<T>) {}

  get buffered(): number {
    return this.buffer.length;
  }

  /** Writes in progress. */
  get inFlight(): number {
    return this.writing.size;
  }

  push(item: T): void {
    this.buffer.push(item);
    this.bufferedBytes += item.bytes;
    if (this.buffer.length === 1 || this.full()) this.wake?.();
  }

  /** No more items: write what is buffered and end {@link BatchLane.run}. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** Takes every buffered item out without writing it (e.g. to requeue it on a prompt stop). */
  drain(): T[] {
    const items = this.buffer.splice(0);
    this.bufferedBytes = 0;
    return items;
  }

  /** Resolves once every write in progress is over. */
  async settled(): Promise<void> {
    await Promise.all(this.writing);
  }

  async run(): Promise<void> {
    for (;;) {
      await this.batchDue();
      if (this.closed && this.buffer.length === 0) break;
      // Messages of a lost connection come again on the next one; writing them now is wasted.
      const batch = this.take().filter((item) => this.options.live(item));
      if (batch.length === 0) continue;
      const write = this.options.write(batch).finally(() => this.writing.delete(write));
      this.writing.add(write);
      if (this.writing.size >= this.options.concurrency) await Promise.race(this.writing);
    }
    await this.settled();
  }

  private full(): boolean {
    return this.buffer.length >= this.options.batchSize || this.bufferedBytes >= this.options.batchBytes;
  }

  // The next batch: up to batchSize items and batchBytes bytes, at least one item.
  private take(): T[] {
    let count = 0;
    let bytes = 0;
    for (const item of this.buffer) {
      if (count > 0 && (count >= this.options.batchSize || bytes + item.bytes > this.options.batchBytes))
        break;
      count += 1;
      bytes += item.bytes;
    }
    this.bufferedBytes -= bytes;
    return this.buffer.splice(0, count);
  }

  // Resolves when a batch is due: full, or its oldest item waited batchMs, or closed.
  private async batchDue(): Promise<void> {
    while (!this.closed && !this.full()) {
      const oldest = this.buffer[0];
      const waitMs = oldest === undefined ? undefined : oldest.receivedAt + this.options.batchMs - Date.now();
      if (waitMs !== undefined && waitMs <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = waitMs === undefined ? undefined : setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
