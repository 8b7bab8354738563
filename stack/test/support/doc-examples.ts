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
const ATTRIBUTE = /([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))/g;

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
      attrs[match[1] ?? ''] = match[2] ?? match[3] ?? match[4] ?? '';
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

/** How one example ran. */
export interface ShellExampleRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const STATE = '@@doc-test-state@@';

/**
 * Shell examples run one after another as a reader pastes them into one terminal: the variables
 * an example assigns (`SCC=$(tracey …)`) are there for the next. Each runs in its own
 * `bash -euo pipefail`, so the test can wait between them (for the aggregator to store what one
 * published). An `export` of a variable `env` sets (e.g. `TRACEY_AMQP_URL=amqp://…example.com`)
 * is skipped, so the examples talk to the test's stack.
 */
export class ShellSession {
  /** `declare -p` lines of the variables the examples assigned so far. */
  private state = '';

  constructor(private readonly options: { cwd: string; env: Readonly<Record<string, string>> }) {}

  /** Runs `code` (an example's), then keeps the variables it assigned. */
  run(code: string, timeoutMs = 60_000): Promise<ShellExampleRun> {
    const assigned = [...code.matchAll(/^\s*(?:export\s+)?([A-Za-z_]\w*)=/gm)].map((match) => match[1] ?? '');
    const keep = [...new Set([...assigned, ...this.names()])];
    const script = [
      this.state,
      ...code.split('\n').map((line) => withoutPresetExport(line, this.options.env)),
      `printf '\\n${STATE}\\n'`,
      ...keep.map((name) => `[ -n "\${${name}+set}" ] && declare -p ${name}`),
      'true',
    ].join('\n');
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: this.options.cwd,
      env: this.options.env,
      // No socket on stdin: bash would take itself for a remote shell and read the bashrc.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const at = stdout.lastIndexOf(`\n${STATE}\n`);
        if (at >= 0) this.state = stdout.slice(at + STATE.length + 2);
        resolve({ stdout: at >= 0 ? stdout.slice(0, at) : stdout, stderr, exitCode: code ?? 1 });
      });
    });
  }

  /** The value of a variable an example assigned. */
  value(name: string): string | undefined {
    const line = this.state
      .split('\n')
      .find((text) => text.startsWith(`declare -`) && text.includes(` ${name}=`));
    return line === undefined ? undefined : /="(.*)"$/.exec(line)?.[1];
  }

  private names(): string[] {
    return [...this.state.matchAll(/^declare -\S* (\w+)=/gm)].map((match) => match[1] ?? '');
  }
}

function withoutPresetExport(line: string, env: Readonly<Record<string, string>>): string {
  const name = /^\s*export\s+(\w+)=/.exec(line)?.[1];
  return name !== undefined && name in env ? `# (set by the test) ${line}` : line;
}

/** The examples' default service URLs, replaced by where the test's services listen. */
export function withServiceUrls(code: string, urls: { api: string; adapter: string }): string {
  return code.replaceAll('http://127.0.0.1:8080', urls.api).replaceAll('http://127.0.0.1:8081', urls.adapter);
}

/**
 * The JSON values printed one after another (`curl` prints no newline after its body, `jq` one
 * value per line). Throws when the text is anything else.
 */
export function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let rest = text.trim();
  while (rest !== '') {
    const end = jsonValueEnd(rest);
    values.push(JSON.parse(rest.slice(0, end)));
    rest = rest.slice(end).trim();
  }
  return values;
}

/** Where the first JSON value of `text` ends. */
function jsonValueEnd(text: string): number {
  if (!'{['.includes(text[0] ?? '')) {
    const end = /[\s{[]/.exec(text.slice(1));
    return end === null ? text.length : end.index + 1;
  }
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (inString) {
      if (char === '\\') at += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if ((char === '}' || char === ']') && --depth === 0) return at + 1;
  }
  throw new Error(`unterminated JSON: ${text.slice(0, 200)}`);
}
