import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `tracey` as users get it, installed in a throwaway directory and run as a process of its own by
// its name on the PATH (as `npm link -w producer-cli` puts it there, README "Publishing from a
// build script"), with only its exit code, stdout and stderr to go by.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'producer-cli');

/**
 * Which `tracey`: `dist` is bin/run.js on the build of `tsc -b` (~500 module files, from the
 * repository's node_modules); `bundle` is bin/run.js on `npm run bundle -w producer-cli`'s single
 * file, with no node_modules at all, so that a dependency the bundle lacks fails the test.
 */
export type TraceyBuild = 'dist' | 'bundle';

export const TRACEY_BUILDS: readonly TraceyBuild[] = ['dist', 'bundle'];

/** What one process printed and how it exited. */
export interface ProcessRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type Env = Readonly<Record<string, string>>;

export interface InstalledTracey {
  readonly build: TraceyBuild;
  /** Runs `tracey <args>` (no shell) in the repository's root, so `scm created` finds a commit. */
  run(args: readonly string[], env?: Env): Promise<ProcessRun>;
  /** Runs a bash script, with `set -o pipefail` as build scripts do, `tracey` on its PATH. */
  shell(script: string, env?: Env): Promise<ProcessRun>;
  /**
   * Runs a bash script under a pseudo-terminal (util-linux `script`): stdout and stderr are a
   * TTY unless the script redirects them. `stdout` is what the terminal showed, line ends as `\n`.
   */
  terminal(script: string, env?: Env): Promise<ProcessRun>;
  /** Deletes the install. */
  remove(): void;
}

function mustRun(command: string, args: readonly string[]): void {
  const run = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed: ${run.stdout}${run.stderr}${run.error?.message ?? ''}`,
    );
  }
}

/**
 * Builds `tracey` (`tsc -b`, a no-op after `npm run build`; for `bundle` also the bundle) and
 * installs it in a new temporary directory: package.json and bin/run.js as the package ships them,
 * the build beside them, and a `tracey` link on a PATH directory of its own.
 */
export function installTracey(build: TraceyBuild): InstalledTracey {
  mustRun(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'producer-cli']);
  const dir = mkdtempSync(join(tmpdir(), `tracey-${build}-`));
  const pkg = join(dir, 'tracey');
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  mkdirSync(join(pkg, 'dist'));
  copyFileSync(join(cli, 'package.json'), join(pkg, 'package.json'));
  // A copy, not a link: bin/run.js finds its build relative to its own real path.
  copyFileSync(join(cli, 'bin/run.js'), join(pkg, 'bin/run.js'));
  if (build === 'dist') {
    // The build without any bundle a benchmark may have left in the repository's dist/.
    for (const entry of readdirSync(join(cli, 'dist'))) {
      if (entry !== 'bundle') symlinkSync(join(cli, 'dist', entry), join(pkg, 'dist', entry));
    }
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
  } else {
    // bin/run.js takes the bundle when it is newer than dist/commands.js: copy that first.
    copyFileSync(join(cli, 'dist/commands.js'), join(pkg, 'dist/commands.js'));
    mustRun(process.execPath, [join(cli, 'scripts/bundle.js'), join(pkg, 'dist/bundle')]);
  }
  mkdirSync(join(dir, 'path'));
  symlinkSync(join(pkg, 'bin/run.js'), join(dir, 'path/tracey'));
  // A home of its own: nothing falls back to the user's ~/.tracey spool.
  mkdirSync(join(dir, 'home'));

  const environment = (env: Env): NodeJS.ProcessEnv => ({
    // `#!/usr/bin/env node` finds this Node (>= 22) before any older one on the PATH.
    PATH: [join(dir, 'path'), dirname(process.execPath), process.env['PATH'] ?? ''].join(':'),
    HOME: join(dir, 'home'),
    SHELL: '/bin/bash',
    // A terminal emulator's: whether output is coloured turns on stdout being a TTY, not on TERM.
    TERM: 'xterm-256color',
    ...env,
  });

  function spawned(command: string, args: readonly string[], env: Env): Promise<ProcessRun> {
    // stdin from /dev/null: on a socket bash would read ~/.bashrc as if started by rshd, and
    // `script` copies its stdin to the terminal.
    const child = spawn(command, args, {
      cwd: root,
      env: environment(env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    });
  }

  return {
    build,
    run: (args, env = {}) => spawned('tracey', args, env),
    shell: (script, env = {}) => spawned('bash', ['-c', `set -o pipefail; ${script}`], env),
    terminal: async (script, env = {}) => {
      // -e: the script's exit code; -q: no "Script started" lines; /dev/null: no typescript file.
      const run = await spawned('script', ['-q', '-e', '-c', `set -o pipefail; ${script}`, '/dev/null'], env);
      return { ...run, stdout: run.stdout.replaceAll('\r\n', '\n') };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
