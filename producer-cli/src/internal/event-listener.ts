import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type BackoffPolicy } from '@tracey/common';
import type { Delivery, Settlement } from '@tracey/amqp';
import { evaluateConditions, type EventCondition } from '@tracey/producer-core';
import { validateEiffelEvent } from '@tracey/schemas';
import type { CommandExit } from './run-shell-command.js';

/** Runs the user's command for one event; `runShellCommand` in production. */
export type EventCommand = (
  input: Buffer,
  env: Readonly<Record<string, string>>,
  signal: AbortSignal,
) => Promise<CommandExit>;

export interface EventListenerOptions {
  readonly conditions: readonly EventCondition[];
  readonly run: EventCommand;
  /** Runs of the command per event before it is given up. */
  readonly maxAttempts: number;
  readonly retry: BackoffPolicy;
  /** Told about what happened, for stderr. */
  readonly report: (line: string) => void;
  /** Called after each successful run, with the count so far. */
  readonly onSuccess?: (count: number) => void;
}

// Failed runs per event id, bounded: a retried event comes back soon or not at all.
const MAX_TRACKED = 10_000;

/**
 * `tracey listen`'s handling of one delivery: events that are not valid Eiffel or do not pass
 * the conditions are acked and skipped; for the others the command runs with the event on
 * stdin, and the delivery is acked once it succeeds. A failing command makes the event go back
 * to the queue after a backoff delay, up to `maxAttempts` runs; then it is reported and dropped.
 */
export class EventListener {
  private readonly failures = new Map<string, number>();
  private succeeded = 0;

  constructor(private readonly options: EventListenerOptions) {}

  /** Commands that succeeded so far. */
  get successCount(): number {
    return this.succeeded;
  }

  async handle(delivery: Delivery, signal: AbortSignal): Promise<Settlement> {
    let raw: unknown;
    try {
      raw = JSON.parse(delivery.body.toString('utf8'));
    } catch {
      this.options.report(`skipping a message that is not JSON (routing key ${delivery.routingKey})`);
      return 'ack';
    }
    const parsed = validateEiffelEvent(raw);
    if (!parsed.ok) {
      this.options.report(`skipping an invalid event (routing key ${delivery.routingKey})`);
      return 'ack';
    }
    if (!evaluateConditions(this.options.conditions, raw).ok) return 'ack';
    const { id, type } = parsed.event.meta;
    const exit = await this.options.run(
      delivery.body,
      { TRACEY_EVENT_ID: id, TRACEY_EVENT_TYPE: type, TRACEY_ROUTING_KEY: delivery.routingKey },
      signal,
    );
    // Stopped while it ran: the event goes back for the next listener.
    if (signal.aborted) return 'requeue';
    if (exit.code === 0) {
      this.failures.delete(id);
      this.succeeded += 1;
      this.options.onSuccess?.(this.succeeded);
      return 'ack';
    }
    const attempt = (this.failures.get(id) ?? 0) + 1;
    const how = exit.signal === null ? `exit code ${String(exit.code)}` : `signal ${exit.signal}`;
    if (attempt >= this.options.maxAttempts) {
      this.failures.delete(id);
      this.options.report(
        `the command failed for event ${id} (${type}) ${attempt} times (last: ${how}); giving up on it`,
      );
      return 'reject';
    }
    this.remember(id, attempt);
    const delayMs = backoffDelay(attempt, this.options.retry);
    this.options.report(`the command failed for event ${id} (${how}); retrying in ${delayMs} ms`);
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      // Stopping: requeue now.
    }
    return 'requeue';
  }

  private remember(id: string, attempt: number): void {
    this.failures.delete(id);
    this.failures.set(id, attempt);
    if (this.failures.size > MAX_TRACKED) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}
