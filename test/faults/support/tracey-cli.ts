import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What one `tracey` process printed and how it exited. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs the built `tracey` binary (`producer-cli/bin/run.js`) as a build step would, with only
 * `env` and PATH as its environment.
 */
export function runTraceyBinary(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['producer-cli/bin/run.js', ...argv],
      { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({
          exitCode: error === null ? 0 : typeof code === 'number' ? code : -1,
          stdout,
          stderr,
          ms: Date.now() - started,
        });
      },
    );
  });
}
