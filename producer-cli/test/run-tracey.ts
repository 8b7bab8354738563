import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { vi } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { COMMANDS } from '../src/commands.js';
import { TraceyCommand } from '../src/internal/tracey-command.js';

interface RunnableCommand {
  run(argv: string[], options: { root: string }): Promise<unknown>;
}

/** What one `tracey` invocation printed and how it exited. */
export interface TraceyRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** The code of the TraceyError the command ended with, if it did. */
  readonly errorCode?: string;
}

// A package root with no commands of its own: the command classes come from the sources, so the
// tests need no build (oclif's Config only supplies `bin` and the like).
const root = fileURLToPath(new URL('./fixtures/cli-root/', import.meta.url));

/**
 * Runs `tracey <argv>` in this process with `env` as its TRACEY_* environment, capturing stdout
 * and stderr and the exit code the base command chose.
 */
export async function runTracey(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<TraceyRun> {
  // The longest run of leading words that names a command: `cd service deployed`, `scm created`, `get`.
  const words = [3, 2, 1].find((n) => argv.slice(0, n).join(':') in COMMANDS) ?? 1;
  const [id, rest] = [argv.slice(0, words).join(':'), argv.slice(words)];
  const command = (COMMANDS as Record<string, RunnableCommand | undefined>)[id];
  if (command === undefined) throw new Error(`no command ${id}`);
  let stdout = '';
  let stderr = '';
  const capture =
    (append: (text: string) => void) =>
    (chunk: unknown, ...args: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture((text) => (stdout += text)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture((text) => (stderr += text)));
  // oclif prints through console.log / console.error, which vitest intercepts before the streams.
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...args: unknown[]) => (stdout += `${format(...args)}\n`));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...args: unknown[]) => (stderr += `${format(...args)}\n`));
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  let exitCode = 0;
  let errorCode: string | undefined;
  // The command turns its error into stderr lines and an exit code: the code is recorded here.
  type Catch = (this: TraceyCommand, thrown: Error) => Promise<unknown>;
  const handle = Reflect.get(TraceyCommand.prototype, 'catch') as Catch;
  const caught = vi
    .spyOn(TraceyCommand.prototype as unknown as { catch: Catch }, 'catch')
    .mockImplementation(function (this: TraceyCommand, thrown) {
      if (isTraceyError(thrown)) errorCode = thrown.code;
      return handle.call(this, thrown);
    });
  const processExitCode = process.exitCode;
  try {
    await command.run([...rest], { root });
  } catch (error) {
    const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
    if (exit === undefined) throw error;
    exitCode = exit;
  } finally {
    for (const spy of [out, err, log, error, caught]) spy.mockRestore();
    vi.unstubAllEnvs();
    // oclif records the exit code on the process too; this test process is not exiting.
    process.exitCode = processExitCode;
  }
  return { stdout, stderr, exitCode, ...(errorCode === undefined ? {} : { errorCode }) };
}
