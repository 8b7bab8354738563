import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A fenced code block of a Markdown page marked runnable by a `<!-- doc-test … -->` line above it. */
export interface DocExample {
  /** Page, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's language: `sh`, `cypher`, … */
  readonly lang: string;
  /** The marker's `key=value` (or `key="value"`) attributes. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly code: string;
}

const MARKER = /^<!--\s*doc-test\b(.*?)-->\s*$/;
const ATTRIBUTE = /([\w-]+)=(?:"([^"]*)"|(\S+))/g;

/** Every marked example of the page at `root/file`, in page order. */
export function docExamples(root: string, file: string): DocExample[] {
  const lines = readFileSync(`${root}${file}`, 'utf8').split('\n');
  const examples: DocExample[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const marker = MARKER.exec(lines[index] ?? '');
    if (marker === null) continue;
    // Prettier puts a blank line between the marker and the fence.
    const open = lines[index + 1]?.trim() === '' ? index + 2 : index + 1;
    const fence = /^(`{3,})(\w*)\s*$/.exec(lines[open] ?? '');
    if (fence === null)
      throw new Error(`${file}:${index + 1}: a doc-test marker must stand right above a code fence`);
    const close = lines.findIndex((text, at) => at > open && text.trim() === fence[1]);
    if (close < 0) throw new Error(`${file}:${open + 1}: unclosed code fence`);
    const attrs: Record<string, string> = {};
    for (const match of (marker[1] ?? '').matchAll(ATTRIBUTE))
      attrs[match[1] ?? ''] = match[2] ?? match[3] ?? '';
    examples.push({
      file,
      line: open + 1,
      lang: fence[2] ?? '',
      attrs,
      code: lines.slice(open + 1, close).join('\n'),
    });
    index = close;
  }
  return examples;
}

/** What one example printed. */
export interface ShellExampleRun {
  readonly example: DocExample;
  readonly stdout: string;
}

/** The outcome of a shell session: each example's output, and how the session ended. */
export interface ShellSession {
  readonly runs: readonly ShellExampleRun[];
  /** What the `after` script printed. */
  readonly after: string;
  readonly exitCode: number;
  readonly stderr: string;
}

const END = '@@doc-test-end@@';

/**
 * Runs shell examples one after another in one bash session (`set -euo pipefail`), as a reader
 * pastes them into one terminal: variables set by one are there for the next. An `export` of a
 * variable `env` sets (e.g. `TRACEY_AMQP_URL=amqp://…example.com`) is skipped, so the examples
 * talk to the test's stack. `after` runs last, in the same session.
 */
export function runShellSession(
  examples: readonly DocExample[],
  options: { cwd: string; env: Readonly<Record<string, string>>; after?: string; timeoutMs?: number },
): Promise<ShellSession> {
  const script = [
    'set -euo pipefail',
    ...examples.flatMap((example) => [
      `# ${example.file}:${example.line}`,
      ...example.code.split('\n').map((line) => withoutPresetExport(line, options.env)),
      `printf '\\n${END}\\n'`,
    ]),
    options.after ?? '',
  ].join('\n');
  const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const parts = stdout.split(`\n${END}\n`);
      resolve({
        runs: examples
          .slice(0, parts.length - 1)
          .map((example, index) => ({ example, stdout: parts[index] ?? '' })),
        after: parts.length > examples.length ? (parts.at(-1) ?? '') : '',
        exitCode: code ?? 1,
        stderr,
      });
    });
  });
}

function withoutPresetExport(line: string, env: Readonly<Record<string, string>>): string {
  const name = /^\s*export\s+(\w+)=/.exec(line)?.[1];
  return name !== undefined && name in env ? `# (set by the test) ${line}` : line;
}
