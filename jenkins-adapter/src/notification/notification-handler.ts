import type { EiffelEvent } from '@tracey/schemas';
import type { Logger } from '@tracey/common';
import { adapterError } from '@tracey/intake';
import type { EventPublisher } from '@tracey/intake';
import { buildEventId } from './event-ids.js';
import type { JenkinsNotification, JenkinsPhase } from './jenkins-notification.js';
import { buildKey, notificationEvents } from './notification-events.js';
import { RecentIds } from './recent-ids.js';
import type { SourceChangeLookup } from './source-change-lookup.js';
import type { StoredEvents } from './stored-events.js';

/** The answer to one notification. */
export interface NotificationAnswer {
  readonly phase: JenkinsPhase;
  /** The build's triggered event, which the other events link to. */
  readonly activity: string;
  /** Events the broker confirmed (the same ids again for a repeated notification). */
  readonly events: readonly { readonly id: string; readonly type: string }[];
  /**
   * Of those, events the broker did not confirm that wait in the adapter's durable spool and are
   * sent when it is back (the answer is then 202).
   */
  readonly spooled: number;
  /** What was left out, and why (e.g. a malformed `TRACEY_CAUSE`). */
  readonly warnings: readonly string[];
}

export interface NotificationHandlerOptions {
  readonly publisher: EventPublisher;
  readonly sourceChanges: SourceChangeLookup;
  /** Whether the graph has a triggered event already (after a restart). Default: never asked. */
  readonly storedEvents?: StoredEvents | undefined;
  readonly purlTemplate: string;
  readonly logger: Pick<Logger, 'warn' | 'debug'>;
  /** Triggered events this process had confirmed. Default: the last 10,000. */
  readonly recent?: RecentIds;
}

/**
 * Turns notifications into published events. The triggered event goes out with the first
 * notification of a build (QUEUED, or STARTED when QUEUED never came) and not again: its content
 * depends on that first phase's timestamp and on the graph lookup, so sending it once keeps a
 * later phase from contradicting it. "Not again" means this process has not sent it and, after a
 * restart, the graph does not hold it.
 */
export class NotificationHandler {
  readonly #recent: RecentIds;
  /**
   * The last notification of each build being handled, so that the phases of one build run one
   * after the other: the second never decides about the triggered event before the first is done.
   */
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: NotificationHandlerOptions) {
    this.#recent = options.recent ?? new RecentIds();
  }

  handle(notification: JenkinsNotification): Promise<NotificationAnswer> {
    const triggeredId = buildEventId(buildKey(notification), 'triggered');
    const previous = this.#inFlight.get(triggeredId);
    const work = (async () => {
      await previous?.catch(() => undefined);
      const withTriggered = !this.#recent.has(triggeredId) && !(await this.#stored(triggeredId));
      return this.#publish(notification, withTriggered);
    })();
    this.#inFlight.set(triggeredId, work);
    const forget = () => {
      if (this.#inFlight.get(triggeredId) === work) this.#inFlight.delete(triggeredId);
    };
    work.then(forget, forget);
    return work;
  }

  async #stored(id: string): Promise<boolean> {
    if (this.options.storedEvents === undefined || !(await this.options.storedEvents.has(id))) return false;
    this.#recent.add(id);
    return true;
  }

  async #publish(notification: JenkinsNotification, withTriggered: boolean): Promise<NotificationAnswer> {
    const commit = notification.build.scm?.commit;
    const sourceChange =
      withTriggered && commit !== undefined && commit !== ''
        ? await this.options.sourceChanges.find(commit)
        : undefined;
    const mapped = notificationEvents(notification, {
      purlTemplate: this.options.purlTemplate,
      withTriggered,
      sourceChange,
    });
    for (const warning of mapped.warnings)
      this.options.logger.warn({ activity: mapped.triggeredId }, warning);
    const result = await this.options.publisher.publish(mapped.events);
    if (result.rejected > 0) {
      // The mapping validated every event already: a refusal here is a bug, not bad input.
      throw adapterError('ADAPTER_INTERNAL', 'an event built from the notification was refused', {
        results: result.results,
      });
    }
    if (withTriggered) this.#recent.add(mapped.triggeredId);
    return {
      phase: notification.build.phase,
      activity: mapped.triggeredId,
      events: mapped.events.map((event: EiffelEvent) => ({ id: event.meta.id, type: event.meta.type })),
      spooled: result.spooled,
      warnings: mapped.warnings,
    };
  }
}
