import type { AmqpTestBroker } from './amqp-test-broker.js';
import { uniqueName } from './unique-name.js';

/** Broker names of one test's pipeline, all unique (the broker is shared). */
export interface TestTopology {
  readonly exchange: string;
  readonly queue: string;
  readonly deadLetterQueue: string;
}

/**
 * Declares a unique exchange and names a unique worker queue and dead-letter queue for
 * `purpose` (the worker under test declares those two); the broker deletes all three in its cleanup.
 */
export async function declareTestTopology(broker: AmqpTestBroker, purpose: string): Promise<TestTopology> {
  const topology = {
    exchange: await broker.topicExchange(purpose),
    queue: uniqueName(`${purpose}-queue`),
    deadLetterQueue: uniqueName(`${purpose}-dead`),
  };
  broker.track('queue', topology.queue);
  broker.track('queue', topology.deadLetterQueue);
  return topology;
}
