import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type Logger } from '@tracey/common';
import {
  AmqpOutput,
  AmqpSubscription,
  evaluateConditions,
  matchesBindingKey,
  type AmqpConnect,
  type Delivery,
  type Output,
  type Settlement,
} from '@tracey/producer-core';
import { validateEiffelEvent } from '@tracey/schemas';
import type { ActionContext, ActionOutcome } from './action-outcome.js';

import { DecisionLog, type DecisionEntry } from './decision-log.js';
import { triggerJenkinsBuild } from './jenkins-action.js';
import { loadTriggerRules, type RulesResult } from './load-trigger-rules.js';
import { publishEvent } from './publish-action.js';
import { ParkedTriggers, type ParkedTrigger } from './parked-triggers.js';
import { FileTriggerStore } from './trigger-store.js';
import type { TriggerRule } from './trigger-rule.js';
import type { QueryApi } from '../query-api.js';
import { checkUpstream } from './upstream-condition.js';
import { callWebhook } from './webhook-action.js';

export interface TriggerServiceOptions {
  readonly amqpUrl: string;
  readonly exchange: string;
  /** Durable quorum queue of the triggers (`TRACEY_TRIGGER_QUEUE`). */
  readonly queue: string;
  /** The rules file (`TRACEY_TRIGGER_RULES`), read at start and on {@link TriggerService.reload}. */
  readonly rulesFile: string;
  /** Where fired triggers are recorded (`TRACEY_TRIGGER_STATE_DIR`). */
  readonly stateDir: string;
  /** Where the secrets rules name are read from: the process environment, passed by main. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The query API, for graph conditions. */
  readonly api: QueryApi;
  readonly logger: Logger;
  /** Events handled at once. Default 8. */
  readonly prefetch?: number;
  /** Decisions kept for `GET /triggers/history`. Default 1000. */
  readonly historySize?: number;
  /** Where `publish` actions go. Default: an AMQP output to `exchange`. */
  readonly output?: Output;
  /** Tests pass their own to cut the connection at a chosen moment. */
  readonly connect?: AmqpConnect;
}

type RuleResult = 'done' | 'interrupted';

/** What one run of a rule's graph condition and action came to. */
type RunOutcome =
  | { readonly kind: 'fired'; readonly detail: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly attempts: number }
  | { readonly kind: 'not-matched'; readonly reason: string }
  | { readonly kind: 'interrupted' };

/** Which parked triggers a replay takes: all, one rule's, one event's, or one pair. */
export interface ReplayFilter {
  readonly rule?: string | undefined;
  readonly eventId?: string | undefined;
}

/** What a replay did with one parked trigger. */
export interface ReplayResult {
  readonly rule: string;
  readonly eventId: string;
  /**
   * `fired`; `parked` again (the action failed once more); `skipped-duplicate` (it fired
   * meanwhile); `not-matched` (the graph condition no longer holds); `rule-missing` (no rule of
   * that name since a reload; it stays parked); `in-progress` (being handled right now).
   */
  readonly outcome: 'fired' | 'parked' | 'skipped-duplicate' | 'not-matched' | 'rule-missing' | 'in-progress';
  readonly reason: string;
}

const key = (rule: string, eventId: string) => `${rule}\n${eventId}`;

/** The union of the rules' binding keys: what the trigger queue is bound with. */
export function bindingKeysOf(rules: readonly TriggerRule[]): string[] {
  return [...new Set(rules.flatMap((rule) => rule.bindingKeys))];
}

/**
 * Broker-triggered downstream work. Consumes its own durable queue, bound with the rules'
 * binding keys; for each event, each rule whose binding key matches the routing key tests its
 * conditions, skips (rule, event) pairs that fired before, checks its graph condition and runs
 * its action, retrying with backoff. A delivery is acked only once every rule has fired, or
 * failed for good, or did not match: at-least-once delivery, at-most-once firing per pair.
 */
export class TriggerService {
  readonly history: DecisionLog;
  private readonly logger: Logger;
  private readonly output: Output;
  private readonly inFlight = new Set<string>();
  private readonly observers: ((entry: DecisionEntry) => void)[] = [];
  private readonly parkedObservers: ((count: number) => void)[] = [];
  /** Aborted by {@link TriggerService.stop}: ends a replay's action like the consumer's. */
  private readonly stopping = new AbortController();
  private subscription: AmqpSubscription | undefined;
  private parked: ParkedTriggers | undefined;

  private currentRules: readonly TriggerRule[] = [];
  private store: FileTriggerStore | undefined;

  constructor(private readonly options: TriggerServiceOptions) {
    this.logger = options.logger.child({ component: 'triggers' });
    this.history = new DecisionLog(options.historySize ?? 1_000);
    this.output =
      options.output ??
      new AmqpOutput({ url: options.amqpUrl, exchange: options.exchange, appId: 'tracey-triggers' });
  }

  /**
   * Reads the rules, opens the state, binds the queue and consumes; resolves once consuming.
   * @throws TRIGGER_RULES_INVALID for a bad rules file, TRIGGER_STATE_FAILED for a bad state directory.
   */
  async start(): Promise<void> {
    const { options } = this;
    const loaded = await loadTriggerRules(options.rulesFile, options.env);
    if (!loaded.ok) throw loaded.error;
    this.currentRules = loaded.rules;
    const store = await FileTriggerStore.open(options.stateDir);
    this.store = store;
    this.parked = await ParkedTriggers.open(options.stateDir);
    this.notifyParked();
    this.subscription = new AmqpSubscription({
      url: options.amqpUrl,
      exchange: options.exchange,
      queue: { name: options.queue },
      bindingKeys: bindingKeysOf(loaded.rules),
      prefetch: options.prefetch ?? 8,
      connectionName: 'tracey-triggers',
      handle: (delivery, signal) => this.handle(delivery, signal, store),
      logger: this.logger,
      ...(options.connect === undefined ? {} : { connect: options.connect }),
    });
    await this.subscription.start();
    this.logger.info(
      { rules: loaded.rules.length, queue: options.queue, fired: store.size },
      'triggers consuming',
    );
  }

  /** Calls `observer` with every decision from now on (metrics). */
  observe(observer: (entry: DecisionEntry) => void): void {
    this.observers.push(observer);
  }

  /** Calls `observer` with the number of parked triggers whenever it changes (metrics). */
  observeParked(observer: (count: number) => void): void {
    this.parkedObservers.push(observer);
    observer(this.parked?.size ?? 0);
  }

  /** Parked triggers, oldest first, without their events. */
  failedTriggers(limit: number): { total: number; entries: Omit<ParkedTrigger, 'event'>[] } {
    const entries = (this.parked?.list(limit) ?? []).map(({ event: _event, ...entry }) => entry);
    return { total: this.parked?.size ?? 0, entries };
  }

  /**
   * Tries the parked triggers `filter` selects once more each, one after the other, with one
   * attempt of their rule's current action (no backoff: whoever replays sees the answer). A
   * trigger that fires is recorded like any other, so a (rule, event) pair still fires at most
   * once, whether it is replayed twice or also redelivered; one that fails stays parked with the
   * new reason.
   */
  async replay(filter: ReplayFilter = {}): Promise<ReplayResult[]> {
    const { parked, store } = this;
    if (parked === undefined || store === undefined) return [];
    const selected = parked
      .list()
      .filter(
        (entry) =>
          (filter.rule === undefined || entry.rule === filter.rule) &&
          (filter.eventId === undefined || entry.eventId === filter.eventId),
      );
    const results: ReplayResult[] = [];
    for (const entry of selected) {
      if (this.stopping.signal.aborted) break;
      results.push(await this.replayOne(entry, parked, store));
    }
    return results;
  }

  private async replayOne(
    entry: ParkedTrigger,
    parked: ParkedTriggers,
    store: FileTriggerStore,
  ): Promise<ReplayResult> {
    const pair = { rule: entry.rule, eventId: entry.eventId };
    const rule = this.currentRules.find((candidate) => candidate.name === entry.rule);
    if (rule === undefined) {
      return { ...pair, outcome: 'rule-missing', reason: `no rule "${entry.rule}" in the rules file` };
    }
    if (this.inFlight.has(key(rule.name, entry.eventId))) {
      return { ...pair, outcome: 'in-progress', reason: 'being handled right now' };
    }
    if (store.has(rule.name, entry.eventId)) {
      await parked.remove(rule.name, entry.eventId);
      this.notifyParked();
      return { ...pair, outcome: 'skipped-duplicate', reason: 'already fired for this event' };
    }
    const base = { rule: rule.name, eventId: entry.eventId, eventType: entry.eventType };
    const pairKey = key(rule.name, entry.eventId);
    this.inFlight.add(pairKey);
    try {
      const outcome = await this.run(
        rule,
        { id: entry.eventId, json: entry.event },
        this.stopping.signal,
        base,
        store,
        1,
      );
      switch (outcome.kind) {
        case 'fired':
        case 'not-matched':
          await parked.remove(rule.name, entry.eventId);
          this.notifyParked();
          return {
            ...pair,
            outcome: outcome.kind,
            reason: outcome.kind === 'fired' ? outcome.detail : outcome.reason,
          };
        case 'failed':
          await this.park(entry, outcome, parked);
          return { ...pair, outcome: 'parked', reason: outcome.reason };
        case 'interrupted':
          return { ...pair, outcome: 'parked', reason: 'the adapter is stopping' };
      }
    } finally {
      this.inFlight.delete(pairKey);
    }
  }

  private async park(
    entry: Omit<ParkedTrigger, 'reason' | 'attempts' | 'lastAttemptAt'> & { attempts?: number },
    outcome: { reason: string; attempts: number },
    parked: ParkedTriggers,
  ): Promise<void> {
    const now = new Date().toISOString();
    await parked.park({
      ...entry,
      reason: outcome.reason,
      attempts: (entry.attempts ?? 0) + outcome.attempts,
      lastAttemptAt: now,
    });
    this.notifyParked();
    this.decide({
      rule: entry.rule,
      eventId: entry.eventId,
      eventType: entry.eventType,
      decision: 'parked',
      reason: 'kept for a replay: GET /triggers/failed, POST /triggers/failed/replay',
    });
  }

  private notifyParked(): void {
    for (const observer of this.parkedObservers) observer(this.parked?.size ?? 0);
  }

  /** The rules in force. */
  get rules(): readonly TriggerRule[] {
    return this.currentRules;
  }

  get ready(): boolean {
    return this.subscription?.ready === true;
  }

  /**
   * Reads the rules file again (on SIGHUP). A bad file changes nothing: the old rules stay and
   * the result says why. A good one replaces the rules and rebinds the queue. Never rejects.
   */
  async reload(): Promise<RulesResult> {
    const loaded = await loadTriggerRules(this.options.rulesFile, this.options.env);
    if (!loaded.ok) {
      this.logger.error(
        { reasons: loaded.error.details['reasons'] },
        'rules file not reloaded; keeping the previous rules',
      );
      return loaded;
    }
    this.currentRules = loaded.rules;
    try {
      await this.subscription?.rebind(bindingKeysOf(loaded.rules));
    } catch (error) {
      // The channel is gone with the error; the next connection binds the new keys.
      this.logger.warn({ err: error }, 'rebinding the trigger queue failed; it happens on reconnect');
    }
    this.logger.info({ rules: loaded.rules.map((rule) => rule.name) }, 'rules reloaded');
    return loaded;
  }

  /** Stops consuming; actions waiting to retry give up and their events go back to the queue. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.subscription?.stop();
    await this.output.shutdown();
    await this.store?.close();
  }

  private async handle(
    delivery: Delivery,
    signal: AbortSignal,
    store: FileTriggerStore,
  ): Promise<Settlement> {
    let raw: unknown;
    try {
      raw = JSON.parse(delivery.body.toString('utf8'));
    } catch {
      this.logger.warn({ routingKey: delivery.routingKey }, 'ignoring a message that is not JSON');
      return 'ack';
    }
    const parsed = validateEiffelEvent(raw);
    if (!parsed.ok) {
      this.logger.warn(
        { routingKey: delivery.routingKey, issues: parsed.errors.slice(0, 5) },
        'ignoring an invalid event',
      );
      return 'ack';
    }
    const { id, type } = parsed.event.meta;
    // A snapshot: a reload while this event is handled applies from the next event on.
    for (const rule of this.currentRules) {
      if (!rule.bindingKeys.some((bindingKey) => matchesBindingKey(bindingKey, delivery.routingKey)))
        continue;
      const result = await this.apply(rule, { id, type, json: raw }, signal, store);
      if (result === 'interrupted') return 'requeue';
    }
    return 'ack';
  }

  private decide(entry: Omit<DecisionEntry, 'at'>): void {
    const full = this.history.add(entry);
    for (const observer of this.observers) observer(full);
    const level =
      entry.decision === 'failed' || entry.decision === 'parked'
        ? 'warn'
        : entry.decision === 'not-matched'
          ? 'debug'
          : 'info';
    this.logger[level](
      { rule: entry.rule, eventId: entry.eventId, decision: entry.decision, attempt: entry.attempt },
      entry.reason,
    );
  }

  private async apply(
    rule: TriggerRule,
    event: { id: string; type: string; json: unknown },
    signal: AbortSignal,
    store: FileTriggerStore,
  ): Promise<RuleResult> {
    const base = { rule: rule.name, eventId: event.id, eventType: event.type };
    if (rule.eventTypes !== undefined && !rule.eventTypes.some((type) => type === event.type)) {
      this.decide({
        ...base,
        decision: 'not-matched',
        reason: `type ${event.type} is not one the rule takes`,
      });
      return 'done';
    }
    const conditions = evaluateConditions(rule.conditions, event.json);
    if (!conditions.ok) {
      this.decide({ ...base, decision: 'not-matched', reason: conditions.reason });
      return 'done';
    }
    const pair = key(rule.name, event.id);
    if (store.has(rule.name, event.id) || this.inFlight.has(pair)) {
      const reason = this.inFlight.has(pair) ? 'already being handled' : 'already fired for this event';
      this.decide({ ...base, decision: 'skipped-duplicate', reason });
      return 'done';
    }
    this.inFlight.add(pair);
    try {
      const outcome = await this.run(rule, event, signal, base, store);
      if (outcome.kind === 'interrupted') return 'interrupted';
      if (outcome.kind === 'fired' && this.parked?.get(rule.name, event.id) !== undefined) {
        // Parked earlier, and now fired by the event coming again: nothing left to replay.
        await this.parked.remove(rule.name, event.id);
        this.notifyParked();
      }
      if (outcome.kind === 'failed' && this.parked !== undefined) {
        // Parked before the ack: a crash in between only means the event comes again.
        const now = new Date().toISOString();
        await this.park({ ...base, parkedAt: now, event: event.json }, outcome, this.parked);
      }
      return 'done';
    } finally {
      this.inFlight.delete(pair);
    }
  }

  private async run(
    rule: TriggerRule,
    event: { id: string; json: unknown },
    signal: AbortSignal,
    base: { rule: string; eventId: string; eventType: string },
    store: FileTriggerStore,
    maxAttempts = rule.retry.attempts,
  ): Promise<RunOutcome> {
    let matchedBy = 'conditions hold';
    if (rule.upstream !== undefined) {
      const upstream = rule.upstream;
      const result = await this.attempts(rule, signal, base, 'graph condition', maxAttempts, async () => {
        const answer = await checkUpstream(upstream, event.id, this.options.api, signal);
        return answer.kind === 'holds'
          ? { kind: 'done', detail: answer.detail }
          : answer.kind === 'not'
            ? { kind: 'failed', reason: answer.reason }
            : answer;
      });
      if (result.kind === 'interrupted') return result;
      if (result.kind === 'failed') {
        this.decide({
          ...base,
          decision: result.exhausted ? 'failed' : 'not-matched',
          reason: result.reason,
        });
        return result.exhausted
          ? { kind: 'failed', reason: result.reason, attempts: result.attempt }
          : { kind: 'not-matched', reason: result.reason };
      }
      matchedBy = `conditions hold; ${result.detail}`;
    }
    this.decide({ ...base, decision: 'matched', reason: matchedBy });
    const context: ActionContext = {
      ruleName: rule.name,
      eventId: event.id,
      event: event.json,
      env: this.options.env,
      signal,
    };
    const result = await this.attempts(rule, signal, base, rule.action.type, maxAttempts, () =>
      this.act(rule, context),
    );
    if (result.kind === 'interrupted') return result;
    if (result.kind === 'failed') {
      this.decide({ ...base, decision: 'failed', reason: result.reason, attempt: result.attempt });
      return { kind: 'failed', reason: result.reason, attempts: result.attempt };
    }
    try {
      await store.record(rule.name, event.id);
    } catch (error) {
      // Fired, and known as fired in this process; only a restart could fire it again.
      this.logger.error({ err: error, rule: rule.name, eventId: event.id }, 'cannot record a fired trigger');
    }
    this.decide({ ...base, decision: 'fired', reason: result.detail, attempt: result.attempt });
    return { kind: 'fired', detail: result.detail };
  }

  private act(rule: TriggerRule, context: ActionContext): Promise<ActionOutcome> {
    switch (rule.action.type) {
      case 'jenkins':
        return triggerJenkinsBuild(rule.action, context);
      case 'webhook':
        return callWebhook(rule.action, context);
      case 'publish':
        return publishEvent(rule.action, context, this.output);
    }
  }

  // Runs `work` until it is done, fails for good, runs out of attempts, or the service stops.
  private async attempts(
    rule: TriggerRule,
    signal: AbortSignal,
    base: { rule: string; eventId: string; eventType: string },
    what: string,
    maxAttempts: number,
    work: () => Promise<ActionOutcome>,
  ): Promise<
    | { kind: 'done'; detail: string; attempt: number }
    | { kind: 'failed'; reason: string; attempt: number; exhausted: boolean }
    | { kind: 'interrupted' }
  > {
    const { initialDelayMs, maxDelayMs } = rule.retry;
    const attempts = maxAttempts;
    for (let attempt = 1; ; attempt++) {
      const outcome = await work();
      if (signal.aborted) return { kind: 'interrupted' };
      if (outcome.kind === 'done') return { kind: 'done', detail: outcome.detail, attempt };
      if (outcome.kind === 'failed')
        return { kind: 'failed', reason: outcome.reason, attempt, exhausted: false };
      if (attempt >= attempts) {
        const reason = `${what}: ${outcome.reason} (gave up after ${attempt} attempts)`;
        return { kind: 'failed', reason, attempt, exhausted: true };
      }
      const delayMs = backoffDelay(attempt, { initialDelayMs, maxDelayMs });
      this.decide({
        ...base,
        decision: 'retrying',
        reason: `${what}: ${outcome.reason}; next attempt in ${delayMs} ms`,
        attempt,
      });
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        return { kind: 'interrupted' };
      }
    }
  }
}
