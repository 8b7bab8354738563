import { AmqpSubscription } from '@tracey/amqp';
import type { Logger } from '@tracey/common';
import type { LiveEvent } from '../contract/answers.js';

// New events as they reach the broker, for the UI's live view: one subscription of its own (a
// server-named exclusive queue, bounded: the broker drops the oldest beyond `maxQueued`), opened
// while someone listens and closed when the last listener leaves.

export type { LiveEvent };

export interface LiveEventsOptions {
  readonly url: string;
  readonly exchange: string;
  readonly logger: Logger;
  /** Messages the queue holds for slow readers before the broker drops the oldest. Default 10,000. */
  readonly maxQueued?: number;
  /** Connection name in the broker's management UI. */
  readonly connectionName?: string;
}

type Listener = (event: LiveEvent) => void;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The summary of an Eiffel event or a CDEvent (a structured CloudEvent); undefined for anything else. */
export function summarize(body: Buffer): LiveEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const event = parsed as Record<string, Record<string, unknown> | undefined>;
  const meta = event['meta'];
  if (meta !== undefined && text(meta['id']) !== undefined && text(meta['type']) !== undefined) {
    const time = meta['time'];
    return {
      id: text(meta['id']) ?? '',
      type: text(meta['type']) ?? '',
      time: typeof time === 'number' ? time : Date.parse(String(time)),
      protocol: 'eiffel',
    };
  }
  // A CDEvent: `context`, or a CloudEvent's own attributes.
  const context = event['context'] ?? event;
  const id = text(context['id']);
  const type = text(context['type']);
  const time = text(context['timestamp']) ?? text(context['time']);
  if (id === undefined || type === undefined || time === undefined) return undefined;
  return { id, type, time: Date.parse(time), protocol: 'cdevents' };
}

export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private subscription: AmqpSubscription | undefined;
  private starting: Promise<void> | undefined;
  private handed = 0;

  constructor(private readonly options: LiveEventsOptions) {}

  /** Events handed to listeners since the start (each counted once, however many listen). */
  get delivered(): number {
    return this.handed;
  }

  /** How many listen now. */
  get listening(): number {
    return this.listeners.size;
  }

  /**
   * Adds a listener; the subscription starts with the first. Rejects when the broker cannot be
   * reached (the listener is not added). Returns the function that removes it.
   */
  async listen(listener: Listener): Promise<() => void> {
    this.listeners.add(listener);
    try {
      await this.ensureStarted();
    } catch (error) {
      this.listeners.delete(listener);
      throw error;
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    this.starting = undefined;
    await subscription?.stop();
  }

  private ensureStarted(): Promise<void> {
    if (this.starting !== undefined) return this.starting;
    const subscription = new AmqpSubscription({
      url: this.options.url,
      exchange: this.options.exchange,
      queue: { arguments: { 'x-max-length': this.options.maxQueued ?? 10_000, 'x-overflow': 'drop-head' } },
      bindingKeys: ['#'],
      prefetch: 200,
      connectionName: this.options.connectionName ?? 'tracey-api-live',
      connectAttempts: 2,
      handle: (delivery) => {
        const event = summarize(delivery.body);
        if (event !== undefined) {
          this.handed++;
          for (const listener of this.listeners) listener(event);
        }
        return Promise.resolve('ack');
      },
    });
    this.subscription = subscription;
    this.starting = subscription.start().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'live events: the broker cannot be reached');
      this.subscription = undefined;
      this.starting = undefined;
      void subscription.stop();
      throw error;
    });
    return this.starting;
  }
}
