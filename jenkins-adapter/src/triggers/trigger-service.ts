import type { Logger } from '@tracey/common';
import {
  AmqpSubscription,
  matchesBindingKey,
  type AmqpConnect,
  type Delivery,
  type Settlement,
} from '@tracey/amqp';
import { AmqpOutput, type Output } from '@tracey/producer-core';
import { validateEiffelEvent } from '@tracey/schemas';
import type { ActionContext, ActionOutcome } from './action-outcome.js';

import { DecisionLog, type DecisionEntry } from './decision-log.js';
import { triggerJenkinsBuild } from './jenkins-action.js';
import { loadTriggerRules, type RulesResult } from './load-trigger-rules.js';
import { publishEvent } from './publish-action.js';
import { ruleMatches } from './rule-match.js';
import { runAttempts, type AttemptsResult } from './rule-run.js';
import { ParkedTriggers, type ParkedEntry } from './parked-triggers.js';
import {
  replayParked,
  TriggerParking,
  type ReplayAnswer,
  type ReplayFilter,
  type RunOutcome,
} from './trigger-replay.js';
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
  private parking: TriggerParking | undefined;

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
    this.parking = new TriggerParking(await ParkedTriggers.open(options.stateDir), (entry) =>
      this.decide(entry),
    );
    for (const observer of this.parkedObservers) this.parking.observe(observer);
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
    this.parking?.observe(observer);
  }

  /** Parked triggers, oldest first, without their events. */
  failedTriggers(limit: number): { total: number; entries: ParkedEntry[] } {
    return this.parking?.list(limit) ?? { total: 0, entries: [] };
  }

  /** One more attempt of each parked trigger `filter` selects: see {@link replayParked}. */
  replay(filter: ReplayFilter = {}): Promise<ReplayAnswer> {
    const { parking, store } = this;
    if (parking === undefined || store === undefined) return Promise.resolve({ results: [], notTried: 0 });
    return replayParked(
      {
        parking,
        signal: this.stopping.signal,
        rule: (name) => this.currentRules.find((rule) => rule.name === name),
        busy: (rule, eventId) => this.inFlight.has(key(rule, eventId)),
        fired: (rule, eventId) => store.has(rule, eventId),
        tryOnce: async (rule, entry) => {
          const pair = key(rule.name, entry.eventId);
          this.inFlight.add(pair);
          try {
            const base = { rule: rule.name, eventId: entry.eventId, eventType: entry.eventType };
            const event = { id: entry.eventId, json: entry.event };
            return await this.run(rule, event, this.stopping.signal, base, store, 1);
          } finally {
            this.inFlight.delete(pair);
          }
        },
      },
      filter,
    );
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
    const matched = ruleMatches(rule, event.type, event.json);
    if (!matched.ok) {
      this.decide({ ...base, decision: 'not-matched', reason: matched.reason });
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
      // Parked earlier, and now fired by the event coming again: nothing left to replay.
      if (outcome.kind === 'fired') await this.parking?.remove(rule.name, event.id);
      if (outcome.kind === 'failed') {
        // Parked before the ack: a crash in between only means the event comes again.
        const parkedAt = new Date().toISOString();
        await this.parking?.park({ ...base, parkedAt, event: event.json }, outcome);
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

  private attempts(
    rule: TriggerRule,
    signal: AbortSignal,
    base: { rule: string; eventId: string; eventType: string },
    what: string,
    maxAttempts: number,
    work: () => Promise<ActionOutcome>,
  ): Promise<AttemptsResult> {
    return runAttempts(rule.retry, signal, what, maxAttempts, work, (reason, attempt) =>
      this.decide({ ...base, decision: 'retrying', reason, attempt }),
    );
  }
}
