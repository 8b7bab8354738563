import type { Channel } from 'amqplib';

/** The broker objects a worker declares (idempotently) before it consumes. */
export interface AmqpTopology {
  /** Durable topic exchange events are published to. */
  readonly exchange: string;
  /** Durable quorum queue the workers share. */
  readonly queue: string;
  readonly bindingKeys: readonly string[];
  /** Where messages that cannot be stored go, by the worker or by the delivery limit. */
  readonly deadLetterQueue: string;
  /**
   * Deliveries of one message before the queue dead-letters it itself: bounds a poison message
   * that crashes workers before they can decide.
   */
  readonly deliveryLimit: number;
}

/** Default delivery limit of the worker queue. */
export const DEFAULT_DELIVERY_LIMIT = 10;

/** Arguments of the worker queue: quorum, delivery limit, dead-lettering into the dead-letter queue. */
export function workerQueueArguments(topology: AmqpTopology): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': topology.deliveryLimit,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': topology.deadLetterQueue,
  };
}

/** Declares the exchange, the two queues and the bindings. */
export async function assertTopology(channel: Channel, topology: AmqpTopology): Promise<void> {
  await channel.assertExchange(topology.exchange, 'topic', { durable: true });
  await channel.assertQueue(topology.deadLetterQueue, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum' },
  });
  await channel.assertQueue(topology.queue, { durable: true, arguments: workerQueueArguments(topology) });
  for (const key of topology.bindingKeys) await channel.bindQueue(topology.queue, topology.exchange, key);
}
