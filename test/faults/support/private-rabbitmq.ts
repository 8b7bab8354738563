import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { AmqpTestBroker, freePort, type TestTopology, TcpProxy } from '@tracey/testing';
import { waitUntil } from '@tracey/aggregator/testing';
import { portOpen } from './port-open.js';

const run = promisify(execFile);

/** A broker the fault tests may take away and give back. */
export interface RestartableBroker {
  /** `amqp://…` of this broker. */
  readonly url: string;
  /** What it is, for logs and docs: a private node, or a proxy in front of the shared broker. */
  readonly kind: 'private-node' | 'proxy';
  /** Takes the broker away: connections drop, new ones are refused. */
  stop(): Promise<void>;
  /** Brings it back and waits until it accepts AMQP connections again. */
  start(): Promise<void>;
  /** Stops it for good and deletes what it left behind. */
  destroy(): Promise<void>;
}

/**
 * A fault test's cleanup: deletes its exchange and queues (`topology`'s and `more`) over a new
 * connection (the test's own may not have survived a restart), then destroys the broker.
 */
export async function removeTopologyAndDestroy(
  broker: RestartableBroker,
  topology: TestTopology,
  more: readonly string[],
): Promise<void> {
  const cleanup = await AmqpTestBroker.connect(broker.url).catch(() => undefined);
  if (cleanup !== undefined) {
    cleanup.track('exchange', topology.exchange);
    for (const queue of [...more, topology.queue, topology.deadLetterQueue]) cleanup.track('queue', queue);
    await cleanup.cleanup();
  }
  await broker.destroy();
}

/** True when this process may start a RabbitMQ node of its own (root, rabbitmq-server installed). */
export function canStartPrivateRabbitMq(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/sbin/rabbitmq-server');
}

/**
 * A RabbitMQ node of this test run alone, beside the shared broker on 5672 (which other people and
 * CI use and which must never be restarted): its own node name, ports, database and logs under a
 * temporary directory, no plugins. Restarting it is a real broker restart: the Erlang VM stops,
 * durable queues and persistent messages come back from disk.
 */
export class PrivateRabbitMq implements RestartableBroker {
  readonly kind = 'private-node';

  private constructor(
    private readonly node: string,
    private readonly port: number,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** The Erlang node name (`name@localhost`). */
  get name(): string {
    return this.node;
  }

  /** Runs `rabbitmqctl` against this node; answers its standard output. */
  async ctl(...args: string[]): Promise<string> {
    const { stdout } = await run('rabbitmqctl', ['-q', '-n', this.node, ...args], { env: this.env });
    return stdout;
  }

  /** Makes this node a member of `other`'s cluster (its own data is reset). */
  async join(other: PrivateRabbitMq): Promise<void> {
    await this.ctl('stop_app');
    await this.ctl('reset');
    await this.ctl('join_cluster', other.name);
    await this.ctl('start_app');
  }

  /** Kills the node's Erlang VM with SIGKILL: no shutdown, as a crashed machine. */
  async kill(): Promise<void> {
    const pid = Number((await this.ctl('eval', 'list_to_integer(os:getpid()).')).trim());
    process.kill(pid, 'SIGKILL');
    await waitUntil(`RabbitMQ node ${this.node} to die`, async () => !(await portOpen(this.port)), 60_000);
  }

  /** Creates the node's directory and starts it. */
  static async create(): Promise<PrivateRabbitMq> {
    const dir = await mkdtemp(`${tmpdir()}/tracey-faults-rabbitmq-`);
    const port = await freePort();
    const distPort = await freePort();
    const node = `tracey-faults-${process.pid}-${port}@localhost`;
    // The listener comes from the config file: the machine's /etc/rabbitmq/rabbitmq.conf names 5672.
    await writeFile(`${dir}/rabbitmq.conf`, `listeners.tcp.local = 127.0.0.1:${port}\n`);
    await writeFile(`${dir}/enabled_plugins`, '[].\n');
    // rabbitmq-server drops to the rabbitmq user, which must own the node's files.
    await run('chown', ['-R', 'rabbitmq:rabbitmq', dir]);
    const env = {
      ...process.env,
      RABBITMQ_NODENAME: node,
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: `${dir}/mnesia`,
      RABBITMQ_LOG_BASE: `${dir}/log`,
      RABBITMQ_ENABLED_PLUGINS_FILE: `${dir}/enabled_plugins`,
      RABBITMQ_CONFIG_FILE: `${dir}/rabbitmq.conf`,
    };
    const broker = new PrivateRabbitMq(node, port, dir, env);
    await broker.start();
    return broker;
  }

  async start(): Promise<void> {
    await run('rabbitmq-server', ['-detached'], { env: this.env });
    await waitUntil(`RabbitMQ node ${this.node} on port ${this.port}`, () => portOpen(this.port), 60_000);
    await run('rabbitmqctl', ['-q', '-n', this.node, 'await_startup', '--timeout', '60'], { env: this.env });
  }

  async stop(): Promise<void> {
    await run('rabbitmqctl', ['-q', '-n', this.node, 'stop'], { env: this.env });
    await waitUntil(`RabbitMQ node ${this.node} to stop`, async () => !(await portOpen(this.port)), 60_000);
  }

  async destroy(): Promise<void> {
    try {
      if (await portOpen(this.port)) await this.stop();
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * The fallback where no private node can be started (not root, or no rabbitmq-server): a TCP proxy
 * in front of the shared broker that resets every connection and refuses new ones while "stopped".
 * Clients see what a restart looks like from outside; the broker itself keeps running.
 */
export class ProxiedRabbitMq implements RestartableBroker {
  readonly kind = 'proxy';

  private constructor(
    private readonly proxy: TcpProxy,
    private readonly shared: URL,
  ) {}

  static async create(sharedUrl: string): Promise<ProxiedRabbitMq> {
    const shared = new URL(sharedUrl);
    const proxy = new TcpProxy({ host: shared.hostname, port: Number(shared.port || 5672) });
    await proxy.up();
    return new ProxiedRabbitMq(proxy, shared);
  }

  get url(): string {
    const url = new URL(this.shared.href);
    url.hostname = '127.0.0.1';
    url.port = String(this.proxy.port);
    return url.href;
  }

  stop(): Promise<void> {
    return this.proxy.down();
  }

  start(): Promise<void> {
    return this.proxy.up();
  }

  destroy(): Promise<void> {
    return this.proxy.down();
  }
}

/** A private node when this machine allows one, else the proxy in front of `sharedUrl`. */
export async function restartableBroker(sharedUrl: string): Promise<RestartableBroker> {
  return canStartPrivateRabbitMq() ? PrivateRabbitMq.create() : ProxiedRabbitMq.create(sharedUrl);
}
