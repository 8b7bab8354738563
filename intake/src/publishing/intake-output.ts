import type { Logger } from '@tracey/common';
import { AmqpOutput, FileSpool } from '@tracey/producer-core';
import { IntakeSpool } from './intake-spool.js';

/** What an intake adapter's output needs of its settings. */
export interface IntakeOutputSettings {
  readonly amqpUrl: string;
  readonly exchange: string;
  /** The AMQP `app-id` of what it publishes, e.g. `tracey-webhook-adapter`. */
  readonly appId: string;
  readonly spoolDir: string;
  readonly spoolMaxBytes: number;
  readonly spoolFlushMs: number;
}

/** An intake adapter's output, and whether the broker behind it answers (for `/ready`). */
export interface IntakeOutput {
  readonly output: IntakeSpool;
  readonly brokerReady: () => Promise<void>;
}

/**
 * The output of an intake adapter, started: the broker with publisher confirms, behind a durable
 * spool, so an accepted delivery is never lost (what the broker does not confirm waits on disk
 * and is answered 202). Shut the output down after the app closes.
 */
export async function startIntakeOutput(
  settings: IntakeOutputSettings,
  logger: Logger,
): Promise<IntakeOutput> {
  const amqp = new AmqpOutput({
    url: settings.amqpUrl,
    exchange: settings.exchange,
    appId: settings.appId,
    // A sender waits for the answer: fail fast and let it retry rather than hold its request.
    confirmTimeoutMs: 10_000,
    connectTimeoutMs: 3000,
    reconnect: { attempts: 2, initialDelayMs: 200 },
    logger: logger.child({ component: 'amqp' }),
  });
  const output = new IntakeSpool({
    inner: amqp,
    spool: new FileSpool(settings.spoolDir),
    maxBytes: settings.spoolMaxBytes,
    flushIntervalMs: settings.spoolFlushMs,
    logger: logger.child({ component: 'spool' }),
  });
  await output.start();
  return { output, brokerReady: () => amqp.connect() };
}
