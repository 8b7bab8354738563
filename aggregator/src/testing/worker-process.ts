import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildWorkspace,
  exitWithParent,
  freePort,
  keptOutputPath,
  type ServiceEndpoints,
  type TestTopology,
} from '@tracey/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds the aggregator's `dist/` (incremental; CI has built it already). */
export function buildAggregator(): void {
  buildWorkspace('aggregator');
}

/** `tracey-aggregator` as a child process, exactly as deployed: `node aggregator/dist/main.js`. */
export class WorkerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly exited: Promise<number | null>,
  ) {}

  static async start(
    services: ServiceEndpoints,
    topology: TestTopology,
    extraEnv: Record<string, string> = {},
  ): Promise<WorkerProcess> {
    const port = await freePort();
    // Its JSON log: kept for CI's scan of the whole run for secrets (issue 24), else dropped.
    const kept = keptOutputPath(`aggregator-${port}`);
    const log = kept === undefined ? 'ignore' : openSync(kept, 'a');
    const child = spawn(process.execPath, [...exitWithParent.nodeArgs, 'aggregator/dist/main.js'], {
      cwd: root,
      stdio: [exitWithParent.stdin, log, 'inherit'],
      env: {
        PATH: process.env['PATH'] ?? '',
        TRACEY_AMQP_URL: services.amqpUrl,
        TRACEY_NEO4J_URL: services.neo4jUrl,
        TRACEY_NEO4J_USER: services.neo4jUser,
        TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
        TRACEY_EXCHANGE: topology.exchange,
        TRACEY_QUEUE: topology.queue,
        TRACEY_DEAD_LETTER_QUEUE: topology.deadLetterQueue,
        TRACEY_AGGREGATOR_PORT: String(port),
        TRACEY_LOG_LEVEL: 'warn',
        ...extraEnv,
      },
    });
    // The child has its own copy of the log's descriptor.
    if (typeof log === 'number') closeSync(log);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const worker = new WorkerProcess(child, port, exited);
    await worker.waitReady(60_000);
    return worker;
  }

  /** Polls `/ready` until it answers 200. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`worker exited with ${this.child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${this.port}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error('worker not ready in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The worker's `/metrics` text. */
  async metrics(): Promise<string> {
    return (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
  }

  async kill(signal: NodeJS.Signals): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}
