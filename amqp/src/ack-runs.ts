/** What {@link AckRuns} needs of a delivery: its channel's tag (increasing in delivery order). */
export interface Delivery {
  readonly fields: { readonly deliveryTag: number };
}

/**
 * Gathers a channel's acks and sends a run of them as one `basic.ack` with `multiple`: a worker
 * settles a batch of 500 deliveries at once, and one frame per message cost it ~9 ms of CPU per
 * 1,000 events (docs/BENCHMARKS.md#ingest). Acks wait for the end of the current turn of the
 * event loop; then the acked deliveries from the oldest unsettled one on, without a gap, go as one
 * ack of the run's last, and any other acked delivery as an ack of its own. A `multiple` ack so
 * never covers a delivery still in progress (retried, being dead-lettered) or settled otherwise.
 */
export class AckRuns<M extends Delivery> {
  // Delivered and not settled, in delivery order (a Map keeps insertion order).
  private readonly unsettled = new Map<number, M>();
  private readonly acked = new Map<number, M>();
  private scheduled = false;

  constructor(
    private readonly send: (message: M, allUpTo: boolean) => void,
    private readonly schedule: (flush: () => void) => void = (flush) => setImmediate(flush),
  ) {}

  /** A new delivery, in the channel's order. */
  delivered(message: M): void {
    this.unsettled.set(message.fields.deliveryTag, message);
  }

  /** Acks `message` with the others of this turn. */
  ack(message: M): void {
    this.acked.set(message.fields.deliveryTag, message);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** `message` was settled another way (requeued, rejected): a run must not cover it. */
  settled(message: M): void {
    this.unsettled.delete(message.fields.deliveryTag);
  }

  /** Sends the acks gathered so far (also before a deliberate close). */
  flush(): void {
    this.scheduled = false;
    if (this.acked.size === 0) return;
    let last: M | undefined;
    let run = 0;
    for (const [tag, message] of this.unsettled) {
      if (!this.acked.has(tag)) break;
      last = message;
      run += 1;
      this.unsettled.delete(tag);
      this.acked.delete(tag);
    }
    if (last !== undefined) this.send(last, run > 1);
    for (const [tag, message] of this.acked) {
      this.unsettled.delete(tag);
      this.send(message, false);
    }
    this.acked.clear();
  }

  /** Forgets every delivery (the channel is gone: the broker delivers them again). */
  clear(): void {
    this.unsettled.clear();
    this.acked.clear();
  }
}
