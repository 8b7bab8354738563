import { spawn } from 'node:child_process';
import { LineSplitter } from './line-splitter.js';

/** Parses the `KEY=value` lines scripts/services.sh prints on stdout; other lines are ignored. */
export function parseSettings(text: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^(TRACEY_[A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) settings[match[1]] = match[2];
  }
  return settings;
}

/**
 * Starts (or finds running) the local RabbitMQ and Neo4j with `scripts/services.sh start` and
 * returns the settings it prints. Its progress messages (stderr) go to `onLine`.
 */
export async function startLocalServices(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  onLine: (line: string) => void,
): Promise<Record<string, string>> {
  const child = spawn('bash', ['scripts/services.sh', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const splitter = new LineSplitter();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => splitter.push(chunk).forEach(onLine));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  splitter.flush().forEach(onLine);
  if (code !== 0)
    throw new Error(`scripts/services.sh start failed (exit ${code ?? '?'}); see the lines above`);
  return parseSettings(stdout);
}
