import { connect, type Channel, type ChannelModel } from 'amqplib';
import { uniqueName } from './unique-name.js';

/**
 * One test file's view of the shared broker: a connection, plus exchanges and queues with
 * unique names that {@link AmqpTestBroker.cleanup} deletes again.
 */
export class AmqpTestBroker {
  private readonly exchanges: string[] = [];
  private readonly queues: string[] = [];

  private constructor(
    readonly connection: ChannelModel,
    readonly channel: Channel,
  ) {}

  static async connect(amqpUrl: string): Promise<AmqpTestBroker> {
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    return new AmqpTestBroker(connection, channel);
  }

  /** Declares a durable topic exchange with a unique name. */
  async topicExchange(purpose: string): Promise<string> {
    const name = uniqueName(purpose);
    await this.channel.assertExchange(name, 'topic', { durable: true });
    this.exchanges.push(name);
    return name;
  }

  /** Declares a queue with a unique name, bound to `exchange` with each binding key. */
  async boundQueue(exchange: string, bindingKeys: readonly string[], purpose = 'queue'): Promise<string> {
    const name = uniqueName(purpose);
    await this.channel.assertQueue(name, { durable: true });
    this.queues.push(name);
    for (const key of bindingKeys) await this.channel.bindQueue(name, exchange, key);
    return name;
  }

  /** Remembers a queue created by the code under test, so cleanup deletes it too. */
  track(kind: 'queue' | 'exchange', name: string): void {
    (kind === 'queue' ? this.queues : this.exchanges).push(name);
  }

  /** Deletes everything this broker declared or tracked, then closes the connection. */
  async cleanup(): Promise<void> {
    const channel = await this.connection.createChannel();
    for (const queue of this.queues) await channel.deleteQueue(queue);
    for (const exchange of this.exchanges) await channel.deleteExchange(exchange);
    await channel.close();
    await this.connection.close();
  }
}
