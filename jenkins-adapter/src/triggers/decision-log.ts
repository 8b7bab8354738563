/** What happened to one (rule, event) pair at one moment. */
export type Decision =
  'matched' | 'not-matched' | 'fired' | 'retrying' | 'failed' | 'parked' | 'skipped-duplicate';

export interface DecisionEntry {
  /** ISO time. */
  readonly at: string;
  readonly rule: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly decision: Decision;
  /** Why, or what was done (the Jenkins queue item, the webhook's answer, the error). */
  readonly reason: string;
  /** Attempt of the action, for `retrying`, `fired` and `failed`. */
  readonly attempt?: number;
}

/**
 * The decision log behind `GET /triggers/history`: the last `capacity` decisions in memory,
 * oldest dropped first (the log is for looking, the fired-trigger store is what counts).
 */
export class DecisionLog {
  private readonly entries: DecisionEntry[] = [];
  private dropped = 0;

  constructor(readonly capacity = 1_000) {}

  add(entry: Omit<DecisionEntry, 'at'>): DecisionEntry {
    const full = { at: new Date().toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) {
      this.entries.shift();
      this.dropped += 1;
    }
    return full;
  }

  /** Newest first, at most `limit`. */
  newest(limit: number): DecisionEntry[] {
    return this.entries.slice(-limit).reverse();
  }

  /** Entries dropped to stay within capacity since start. */
  get droppedCount(): number {
    return this.dropped;
  }
}
