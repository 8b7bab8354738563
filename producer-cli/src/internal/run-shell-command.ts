import { spawn } from 'node:child_process';

/** How a command ended: its exit code, or the signal that ended it. */
export interface CommandExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Runs `command` through the shell with `input` on its stdin and `env` on top of this process's
 * environment; its stdout and stderr go to ours. On `signal` it gets SIGTERM. Never rejects: a
 * command that cannot be started ends with code 127 like the shell's "not found".
 */
export function runShellCommand(
  command: string,
  input: Buffer,
  env: Readonly<Record<string, string>>,
  baseEnv: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal,
): Promise<CommandExit> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      env: { ...baseEnv, ...env },
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    const stop = () => child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    child.on('error', () => resolve({ code: 127, signal: null }));
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', stop);
      resolve({ code, signal: killedBy });
    });
    // A command that does not read its stdin closes the pipe early: that is not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
