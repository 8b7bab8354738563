import type { DecisionEntry } from './decision-log.js';
import type { ParkedEntry, ParkedTrigger, ParkedTriggers } from './parked-triggers.js';
import { ruleMatches } from './rule-match.js';
import type { TriggerRule } from './trigger-rule.js';

/** What one run of a rule's graph condition and action came to. */
export type RunOutcome =
  | { readonly kind: 'fired'; readonly detail: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly attempts: number }
  | { readonly kind: 'not-matched'; readonly reason: string }
  | { readonly kind: 'interrupted' };

/** Which parked triggers a replay takes: all, one rule's, one event's, or one pair. */
export interface ReplayFilter {
  readonly rule?: string | undefined;
  readonly eventId?: string | undefined;
  /** Oldest first, at most this many. Default all. */
  readonly limit?: number | undefined;
}

/** What a replay did, and how many of the selected triggers it left for another one. */
export interface ReplayAnswer {
  readonly results: readonly ReplayResult[];
  /** Selected, but beyond `limit`: not tried, still parked. */
  readonly notTried: number;
}

/** What a replay did with one parked trigger. */
export interface ReplayResult {
  readonly rule: string;
  readonly eventId: string;
  /**
   * `fired`; `parked` again (the action failed once more); `skipped-duplicate` (it fired
   * meanwhile); `not-matched` (the rule as it is now does not take the event's type, a condition
   * fails, or the graph condition no longer holds; it is parked no more); `rule-missing` (no rule
   * of that name since a reload; it stays parked); `in-progress` (being handled right now).
   */
  readonly outcome: 'fired' | 'parked' | 'skipped-duplicate' | 'not-matched' | 'rule-missing' | 'in-progress';
  readonly reason: string;
}

/** A trigger to park: the pair, its event, and when it first failed. */
export type ParkRequest = Omit<ParkedTrigger, 'reason' | 'attempts' | 'lastAttemptAt'>;

/**
 * The parked triggers of a trigger service, with what parking means around the store: a
 * `parked` decision in the history and the count for the metric.
 */
export class TriggerParking {
  private readonly observers: ((count: number) => void)[] = [];

  constructor(
    readonly store: ParkedTriggers,
    private readonly decide: (entry: Omit<DecisionEntry, 'at'>) => void,
  ) {}

  /** Calls `observer` with the number parked now and whenever it changes. */
  observe(observer: (count: number) => void): void {
    this.observers.push(observer);
    observer(this.store.size);
  }

  /** Parked triggers, oldest first, without their events. */
  list(limit: number): { total: number; entries: ParkedEntry[] } {
    return { total: this.store.size, entries: this.store.list(limit) };
  }

  /**
   * Parks the pair, or updates its entry: an entry parked before (a failed replay, or the event
   * delivered again and failing again) keeps its `parkedAt` and adds to its `attempts`.
   */
  async park(entry: ParkRequest, outcome: { reason: string; attempts: number }): Promise<void> {
    const previous = this.store.get(entry.rule, entry.eventId);
    await this.store.park({
      ...entry,
      parkedAt: previous?.parkedAt ?? entry.parkedAt,
      reason: outcome.reason,
      attempts: (previous?.attempts ?? 0) + outcome.attempts,
      lastAttemptAt: new Date().toISOString(),
    });
    this.changed();
    this.decide({
      rule: entry.rule,
      eventId: entry.eventId,
      eventType: entry.eventType,
      decision: 'parked',
      reason: 'kept for a replay: GET /triggers/failed, POST /triggers/failed/replay',
    });
  }

  /** Forgets the pair, when it is parked: it fired, or no longer matches. */
  async remove(rule: string, eventId: string): Promise<void> {
    if (this.store.get(rule, eventId) === undefined) return;
    await this.store.remove(rule, eventId);
    this.changed();
  }

  private changed(): void {
    for (const observer of this.observers) observer(this.store.size);
  }
}

/** What a replay needs of the trigger service. */
export interface ReplayHost {
  readonly parking: TriggerParking;
  /** The rule of that name in force now. */
  rule(name: string): TriggerRule | undefined;
  /** Whether the pair is being handled right now (a delivery, another replay). */
  busy(rule: string, eventId: string): boolean;
  /** Whether the pair has fired before. */
  fired(rule: string, eventId: string): boolean;
  /** One attempt of the rule's graph condition and action for the parked event. */
  tryOnce(rule: TriggerRule, entry: ParkedTrigger): Promise<RunOutcome>;
  /** Aborted when the service stops: the replay ends there. */
  readonly signal: AbortSignal;
}

/**
 * Tries the parked triggers `filter` selects once more each, one after the other, with one attempt
 * of their rule's current action (no backoff: whoever replays sees the answer). A trigger that
 * fires is recorded like any other, so a (rule, event) pair still fires at most once, whether it
 * is replayed twice or also redelivered; one that fails stays parked with the new reason.
 */
export async function replayParked(host: ReplayHost, filter: ReplayFilter): Promise<ReplayAnswer> {
  const matching = host.parking.store
    .list()
    .filter(
      (entry) =>
        (filter.rule === undefined || entry.rule === filter.rule) &&
        (filter.eventId === undefined || entry.eventId === filter.eventId),
    );
  const selected = matching.slice(0, filter.limit ?? matching.length);
  const results: ReplayResult[] = [];
  for (const entry of selected) {
    if (host.signal.aborted) break;
    results.push(await replayOne(host, entry));
  }
  return { results, notTried: matching.length - results.length };
}

async function replayOne(host: ReplayHost, parked: ParkedEntry): Promise<ReplayResult> {
  const pair = { rule: parked.rule, eventId: parked.eventId };
  const rule = host.rule(parked.rule);
  if (rule === undefined) {
    return { ...pair, outcome: 'rule-missing', reason: `no rule "${parked.rule}" in the rules file` };
  }
  const entry = await host.parking.store.withEvent(parked.rule, parked.eventId);
  // Taken off meanwhile (the event came again and fired): nothing left to do.
  if (entry === undefined) return { ...pair, outcome: 'skipped-duplicate', reason: 'no longer parked' };
  // The rule as it is now: a reload may have narrowed its types or conditions since parking.
  const matched = ruleMatches(rule, entry.eventType, entry.event);
  if (!matched.ok) {
    await host.parking.remove(rule.name, entry.eventId);
    return { ...pair, outcome: 'not-matched', reason: matched.reason };
  }
  if (host.busy(rule.name, entry.eventId)) {
    return { ...pair, outcome: 'in-progress', reason: 'being handled right now' };
  }
  if (host.fired(rule.name, entry.eventId)) {
    await host.parking.remove(rule.name, entry.eventId);
    return { ...pair, outcome: 'skipped-duplicate', reason: 'already fired for this event' };
  }
  const outcome = await host.tryOnce(rule, entry);
  switch (outcome.kind) {
    case 'fired':
      await host.parking.remove(rule.name, entry.eventId);
      return { ...pair, outcome: 'fired', reason: outcome.detail };
    case 'not-matched':
      await host.parking.remove(rule.name, entry.eventId);
      return { ...pair, outcome: 'not-matched', reason: outcome.reason };
    case 'failed':
      await host.parking.park(entry, outcome);
      return { ...pair, outcome: 'parked', reason: outcome.reason };
    case 'interrupted':
      return { ...pair, outcome: 'parked', reason: 'the adapter is stopping' };
  }
}
