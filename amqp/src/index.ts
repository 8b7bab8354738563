// Public surface of @tracey/amqp: consuming from RabbitMQ (one session, one reconnecting consumer,
// a handler-settled subscription), the topology consumers declare, and the binding-key matcher.

export { AmqpSession, DEAD_LETTER_HEADERS } from './amqp-session.js';
export type { AmqpConnect } from './amqp-session.js';
export { AmqpConsumer } from './amqp-consumer.js';
export { AmqpSubscription } from './amqp-subscription.js';
export type { Delivery, Settlement } from './amqp-subscription.js';
export { DEFAULT_DELIVERY_LIMIT, assertTopology } from './amqp-topology.js';
export type { AmqpTopology } from './amqp-topology.js';
export { bindingKeyIssue, matchesBindingKey } from './binding-key.js';
// Message type of the deliveries a session hands over.
export type { ConsumeMessage } from 'amqplib';
