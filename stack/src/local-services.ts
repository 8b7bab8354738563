import { spawn } from 'node:child_process';
import { parseSettingLines } from '@tracey/common';
import { eachLine } from './each-line.js';

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
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const stderrDone = eachLine(child.stderr, onLine);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  await stderrDone;
  if (code !== 0)
    throw new Error(`scripts/services.sh start failed (exit ${code ?? '?'}); see the lines above`);
  return parseSettingLines(stdout, 'TRACEY_');
}
