import { spawn } from 'node:child_process';

/** What one `tracey` run printed and how it ended. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real `tracey` CLI of this repository (`producer-cli/bin/run.js`), run as a process. */
export class TraceyCli {
  constructor(
    private readonly root: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** Runs `tracey <argv>`; with `inherit` its output goes straight to this terminal. */
  run(argv: readonly string[], options: { inherit?: boolean } = {}): Promise<CliRun> {
    const child = spawn(process.execPath, ['producer-cli/bin/run.js', ...argv], {
      cwd: this.root,
      env: this.env,
      stdio: [
        'ignore',
        options.inherit === true ? 'inherit' : 'pipe',
        options.inherit === true ? 'inherit' : 'pipe',
      ],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  /**
   * Publishes with `tracey <argv> --strict` and returns the new event's id. Anything but a
   * confirmed publish — bad input, or a spooled event (broker down) — is an error with its output.
   */
  async publish(argv: readonly string[]): Promise<string> {
    const result = await this.run([...argv, '--strict']);
    const id = result.stdout.trim();
    if (result.code !== 0 || !/^[0-9a-f-]{36}$/.test(id))
      throw new Error(
        `tracey ${argv.slice(0, 2).join(' ')} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`,
      );
    return id;
  }
}
