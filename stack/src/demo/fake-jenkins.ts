import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A build request a trigger sent: the job and its form parameters. */
export interface BuildRequest {
  readonly job: string;
  readonly parameters: Readonly<Record<string, string>>;
}

const BUILD_PATH = /^\/((?:job\/[^/]+\/)+)buildWithParameters$/;

/**
 * The demo's stand-in for Jenkins: a real HTTP server that takes `POST /job/<name>/buildWithParameters`
 * the way Jenkins does (201 and the queue item in `Location`) and remembers each request.
 * Running the build — reporting it to the adapter — is the demo's part.
 */
export class FakeJenkins {
  readonly requests: BuildRequest[] = [];
  readonly #waiters: ((request: BuildRequest) => void)[] = [];
  readonly #server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = BUILD_PATH.exec(new URL(request.url ?? '/', 'http://x').pathname);
      if (request.method !== 'POST' || path?.[1] === undefined) {
        response.writeHead(404).end();
        return;
      }
      const job = path[1]
        .split('/')
        .filter((part, index) => index % 2 === 1 && part !== '')
        .map((part) => decodeURIComponent(part))
        .join('/');
      const parameters = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const received = { job, parameters };
      this.requests.push(received);
      response.writeHead(201, { location: `${this.url}queue/item/${this.requests.length}/` }).end();
      for (const waiter of this.#waiters.splice(0)) waiter(received);
    });
  });
  #url = '';

  /** Root URL, ending with `/`, once listening. */
  get url(): string {
    return this.#url;
  }

  /** Listens on 127.0.0.1 at `port` (0: any free port). */
  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', resolve);
    });
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
    return this.#url;
  }

  /** The first request for `job` (already received or the next one), or undefined after `timeoutMs`. */
  async nextBuild(job: string, timeoutMs: number): Promise<BuildRequest | undefined> {
    const seen = this.requests.find((request) => request.job === job);
    if (seen !== undefined) return seen;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const waiter = (request: BuildRequest) => {
        if (request.job !== job) {
          this.#waiters.push(waiter);
          return;
        }
        clearTimeout(timer);
        resolve(request);
      };
      this.#waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
