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

/** Declares the exchange, the two queues and the bindings; answers the queue to consume. */
export async function assertTopology(channel: Channel, topology: AmqpTopology): Promise<string> {
  await channel.assertExchange(topology.exchange, 'topic', { durable: true });
  await channel.assertQueue(topology.deadLetterQueue, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum' },
  });
  await channel.assertQueue(topology.queue, { durable: true, arguments: workerQueueArguments(topology) });
  for (const key of topology.bindingKeys) await channel.bindQueue(topology.queue, topology.exchange, key);
  return topology.queue;
}

/** The queue a subscription consumes. */
export interface SubscriptionQueue {
  /**
   * A durable quorum queue of this name, which keeps events while nobody listens; without a
   * name, a server-named exclusive queue that lives as long as the connection.
   */
  readonly name?: string;
  /** More queue arguments: `x-delivery-limit` for the durable queue, `x-max-length` for either. */
  readonly arguments?: Readonly<Record<string, unknown>>;
}

/**
 * Declares a subscription's exchange and queue and binds it with `bindingKeys`; answers the
 * queue's name (the server's, for an unnamed one).
 */
export async function assertSubscriptionQueue(
  channel: Channel,
  exchange: string,
  queue: SubscriptionQueue,
  bindingKeys: readonly string[],
): Promise<string> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const declared =
    queue.name === undefined
      ? await channel.assertQueue('', {
          exclusive: true,
          durable: false,
          autoDelete: true,
          ...(queue.arguments === undefined ? {} : { arguments: { ...queue.arguments } }),
        })
      : await channel.assertQueue(queue.name, {
          durable: true,
          arguments: { ...queue.arguments, 'x-queue-type': 'quorum' },
        });
  for (const key of bindingKeys) await channel.bindQueue(declared.queue, exchange, key);
  return declared.queue;
}
