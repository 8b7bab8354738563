import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { eachLine } from './each-line.js';
import type { ServiceSpec } from './service-plan.js';

/** What the supervisor needs from its surroundings. */
export interface SupervisorOptions {
  /** Repository root: the children's working directory, entries are relative to it. */
  readonly root: string;
  readonly services: readonly ServiceSpec[];
  /** One line of a service's output, or of the supervisor's own (`name` = `stack`). */
  readonly onLine: (name: string, line: string, stream: 'out' | 'err' | 'stack') => void;
  /** How long a child gets after SIGTERM before SIGKILL. */
  readonly stopMs: number;
  /** How long a service may take to become ready. */
  readonly readyTimeoutMs: number;
  /** The Node binary; default this one. */
  readonly node?: string;
}

interface Running {
  readonly spec: ServiceSpec;
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done: boolean;
}

/**
 * Runs the services as child processes with their output as one stream of lines. A child that
 * exits while the stack runs is a failure: it is reported loudly and the rest are stopped — a
 * half-running pipeline loses nothing (events wait in the broker) but hides the problem, so the
 * supervisor makes it visible instead of restarting in a loop. Stopping sends SIGTERM to every
 * child, waits `stopMs`, then SIGKILLs what is left.
 */
export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #running: Running[] = [];
  #stopping: Promise<void> | undefined;
  readonly #failures: string[] = [];
  #resolveFinished!: (code: number) => void;
  /** Resolves with the exit code for the supervisor once every child has exited. */
  readonly finished: Promise<number> = new Promise((resolve) => (this.#resolveFinished = resolve));

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  /** The services started so far and their process ids (a child not yet spawned has none). */
  get processes(): readonly { readonly name: string; readonly pid: number | undefined }[] {
    return this.#running.map((running) => ({ name: running.spec.name, pid: running.child.pid }));
  }

  /** True after a child failed, did not start or did not stop. */
  get failed(): boolean {
    return this.#failures.length > 0;
  }

  /** What went wrong, one line each (for a summary at the end). */
  get failures(): readonly string[] {
    return this.#failures;
  }

  /**
   * Starts the services in order, each once the one before is ready. Resolves true when all are
   * ready, false when one failed (the stack is then being stopped).
   */
  async start(): Promise<boolean> {
    for (const spec of this.#options.services) {
      if (this.#stopping !== undefined) return false;
      const running = this.#spawn(spec);
      if (!(await this.#waitReady(running))) return false;
      this.#say(`${spec.name} is ready (${spec.readyUrl})`);
    }
    return this.#stopping === undefined;
  }

  /**
   * Stops every child (SIGTERM, then SIGKILL after `stopMs`); the same promise when called again.
   * `signalledMs`: the children got a stop signal already (Ctrl-C reaches the terminal's whole
   * process group), so they get that long to finish on their own before SIGTERM — a second signal
   * in the middle of a shutdown is one the services need not handle.
   */
  stop(reason: string, options: { signalledMs?: number } = {}): Promise<void> {
    this.#stopping ??= this.#stopAll(reason, options.signalledMs ?? 0);
    return this.#stopping;
  }

  /** Kills every child still running at once (a second Ctrl-C). */
  kill(): void {
    for (const running of this.#running) if (!running.done) running.child.kill('SIGKILL');
  }

  #say(text: string): void {
    this.#options.onLine('stack', text, 'stack');
  }

  #fail(text: string): void {
    this.#failures.push(text);
    this.#say(`✖ ${text}`);
  }

  #spawn(spec: ServiceSpec): Running {
    this.#say(`starting ${spec.name}: node ${spec.entry}`);
    const child = spawn(this.#options.node ?? process.execPath, [spec.entry], {
      cwd: this.#options.root,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const [stream, kind] of [
      [child.stdout, 'out'],
      [child.stderr, 'err'],
    ] as const) {
      void eachLine(stream, (line) => this.#options.onLine(spec.name, line, kind));
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('error', (error) => {
        this.#say(`${spec.name} could not be started: ${error.message}`);
        resolve({ code: 127, signal: null });
      });
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    const running: Running = { spec, child, exited, done: false };
    this.#running.push(running);
    void exited.then((outcome) => this.#onExit(running, outcome));
    return running;
  }

  #onExit(running: Running, outcome: { code: number | null; signal: NodeJS.Signals | null }): void {
    running.done = true;
    const how = outcome.signal === null ? `code ${outcome.code ?? '?'}` : `signal ${outcome.signal}`;
    if (this.#stopping === undefined) {
      this.#fail(`${running.spec.name} EXITED UNEXPECTEDLY (${how}) — stopping the stack`);
      void this.stop(`${running.spec.name} exited`);
      return;
    }
    // Ended by the signal it was asked to stop with (no handler: the default action) is a clean
    // stop too; an error exit code or our SIGKILL is not.
    const asked = outcome.signal === 'SIGTERM' || outcome.signal === 'SIGINT';
    if (outcome.code !== 0 && !asked) this.#fail(`${running.spec.name} failed to stop cleanly (${how})`);
    else this.#say(`${running.spec.name} stopped (${how})`);
  }

  async #waitReady(running: Running): Promise<boolean> {
    const deadline = Date.now() + this.#options.readyTimeoutMs;
    while (Date.now() < deadline) {
      if (running.done || this.#stopping !== undefined) return false;
      const ok = await fetch(running.spec.readyUrl, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok && !running.done) return true;
      await sleep(250);
    }
    this.#fail(
      `${running.spec.name} was not ready after ${this.#options.readyTimeoutMs / 1000} s (${running.spec.readyUrl}) — stopping the stack`,
    );
    void this.stop(`${running.spec.name} not ready`);
    return false;
  }

  async #stopAll(reason: string, signalledMs: number): Promise<void> {
    const alive = this.#running.filter((running) => !running.done);
    this.#say(
      `stopping (${reason}): ${alive.map((running) => running.spec.name).join(', ') || 'nothing running'}`,
    );
    if (signalledMs > 0) {
      const exited = Promise.all(alive.map((running) => running.exited));
      await Promise.race([exited, sleep(signalledMs)]);
    }
    // Reverse start order: the adapter stops taking events before the workers stop storing them.
    for (const running of [...alive].reverse()) if (!running.done) running.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const running of alive.filter((candidate) => !candidate.done)) {
        this.#fail(`${running.spec.name} did not stop within ${this.#options.stopMs} ms: SIGKILL`);
        running.child.kill('SIGKILL');
      }
    }, this.#options.stopMs);
    await Promise.all(alive.map((running) => running.exited));
    clearTimeout(timer);
    this.#resolveFinished(this.#failures.length > 0 ? 1 : 0);
  }
}
