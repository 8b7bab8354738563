import { PrivateRabbitMq } from './private-rabbitmq.js';

/**
 * A RabbitMQ cluster of this test run alone: `size` private nodes on loopback (their own names,
 * ports and data), joined to the first with `rabbitmqctl join_cluster`. Quorum queues declared on
 * it get a replica on each node.
 */
export class RabbitMqCluster {
  private constructor(readonly nodes: readonly PrivateRabbitMq[]) {}

  static async create(size: number): Promise<RabbitMqCluster> {
    const nodes: PrivateRabbitMq[] = [];
    try {
      for (let i = 0; i < size; i++) nodes.push(await PrivateRabbitMq.create());
      const [first, ...others] = nodes;
      for (const node of others) await node.join(first as PrivateRabbitMq);
      return new RabbitMqCluster(nodes);
    } catch (error) {
      await Promise.all(nodes.map((node) => node.destroy().catch(() => undefined)));
      throw error;
    }
  }

  /** `TRACEY_AMQP_URL` for the cluster: every node, comma-separated. */
  get url(): string {
    return this.nodes.map((node) => node.url).join(',');
  }

  /** The running nodes' names, as the first live node sees the cluster. */
  async runningNodes(from: PrivateRabbitMq): Promise<string[]> {
    const status = JSON.parse(await from.ctl('cluster_status', '--formatter', 'json')) as {
      running_nodes: string[];
    };
    return status.running_nodes.sort();
  }

  /** The node that holds the leader of quorum queue `queue`, asked of `from`. */
  async leaderOf(queue: string, from: PrivateRabbitMq): Promise<PrivateRabbitMq> {
    const queues = JSON.parse(await from.ctl('list_queues', 'name', 'leader', '--formatter', 'json')) as {
      name: string;
      leader: string;
    }[];
    const leader = queues.find((entry) => entry.name === queue)?.leader;
    const node = this.nodes.find((candidate) => candidate.name === leader);
    if (node === undefined)
      throw new Error(`no leader for ${queue} among the cluster's nodes (${String(leader)})`);
    return node;
  }

  /** The nodes holding a replica of quorum queue `queue`, asked of `from`. */
  async membersOf(queue: string, from: PrivateRabbitMq): Promise<string[]> {
    const queues = JSON.parse(await from.ctl('list_queues', 'name', 'members', '--formatter', 'json')) as {
      name: string;
      members: string[];
    }[];
    return [...(queues.find((entry) => entry.name === queue)?.members ?? [])].sort();
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.destroy().catch(() => undefined)));
  }
}
