import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { freePort } from '@tracey/common';
import { portOpen } from './port-open.js';
import type { TestCertificates } from './test-certificates.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);

/**
 * A RabbitMQ node of one test with RabbitMQ's own TLS listener only (issue 24), its certificate
 * signed by the test's CA and client certificates verified when given: its own node name, ports
 * and data under a temporary directory, beside the shared broker on 5672 (never touched). Needs
 * root and rabbitmq-server, as the fault suite's private nodes.
 */
export class TlsRabbitMq {
  private constructor(
    private readonly node: string,
    readonly port: number,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `amqps://guest:guest@127.0.0.1:<port>` (guest may log in over loopback). */
  get url(): string {
    return `amqps://guest:guest@127.0.0.1:${this.port}`;
  }

  /**
   * `requireClientCertificate`: RabbitMQ's `fail_if_no_peer_cert`, so a client without a certificate
   * the CA signed is refused in the handshake.
   */
  static async start(
    certs: TestCertificates,
    options: { readonly requireClientCertificate?: boolean } = {},
  ): Promise<TlsRabbitMq> {
    if (process.getuid?.() !== 0)
      throw new Error(
        'a TLS RabbitMQ node of its own starts rabbitmq-server as the rabbitmq user: run as root',
      );
    const dir = await mkdtemp(`${tmpdir()}/tracey-tls-rabbitmq-`);
    const [port, distPort] = [await freePort(), await freePort()];
    const node = `tracey-tls-${process.pid}-${port}@localhost`;
    // The rabbitmq user reads the certificates; the key is its alone.
    await chmod(certs.dir, 0o755);
    for (const file of [certs.caCert, certs.serverCert]) await chmod(file, 0o644);
    await run('chown', ['rabbitmq:rabbitmq', certs.serverKey]);
    await chmod(certs.serverKey, 0o600);
    await writeFile(
      `${dir}/rabbitmq.conf`,
      [
        'listeners.tcp = none',
        `listeners.ssl.default = 127.0.0.1:${port}`,
        `ssl_options.cacertfile = ${certs.caCert}`,
        `ssl_options.certfile = ${certs.serverCert}`,
        `ssl_options.keyfile = ${certs.serverKey}`,
        'ssl_options.verify = verify_peer',
        `ssl_options.fail_if_no_peer_cert = ${options.requireClientCertificate === true}`,
        '',
      ].join('\n'),
    );
    await writeFile(`${dir}/enabled_plugins`, '[].\n');
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
    const broker = new TlsRabbitMq(node, port, dir, env);
    try {
      await run('rabbitmq-server', ['-detached'], { env });
      await waitUntil(`TLS RabbitMQ node ${node} on port ${port}`, () => portOpen(port), 90_000);
      await run('rabbitmqctl', ['-q', '-n', node, 'await_startup', '--timeout', '60'], { env });
    } catch (error) {
      await broker.stop();
      throw error;
    }
    return broker;
  }

  /** Stops the node and deletes what it left behind. */
  async stop(): Promise<void> {
    try {
      // Whether or not its port ever opened: a node that started without listening still runs.
      await run('rabbitmqctl', ['-q', '-n', this.node, 'stop'], { env: this.env }).catch(() => undefined);
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
