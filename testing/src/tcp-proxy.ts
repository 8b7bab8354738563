import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server, to take the server away from a client and give it back:
 * `down()` resets every connection and refuses new ones, which is what a client of a stopped
 * server sees; `up()` accepts again on the same port. Works with whatever server the tests got
 * (container, local services or the environment's), and takes no time to stop or start.
 */
export class TcpProxy {
  private server: Server | undefined;
  private boundPort = 0;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: { readonly host: string; readonly port: number }) {}

  get port(): number {
    return this.boundPort;
  }

  /** Listens (on a free port the first time, the same port afterwards). */
  async up(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    this.boundPort = address.port;
    this.server = server;
  }

  /** The server is gone: connections reset, new ones refused. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  }

  private accept(client: Socket): void {
    const upstream = createConnection(this.target);
    const both = [client, upstream];
    for (const socket of both) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => both.forEach((s) => s.destroy()));
    }
    client.pipe(upstream).pipe(client);
  }
}
