import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitWithParent } from './exit-with-parent.js';
import { waitUntil } from './wait-until.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('exitWithParent', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tracey-exit-with-parent-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('stops a spawned service with SIGTERM when the runner that spawned it is SIGKILLed', async () => {
    const marker = join(work, 'signal');
    // The service: runs until told, and records the signal it got (its graceful shutdown).
    const service = `process.on('SIGTERM', () => { require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'SIGTERM'); process.exit(0); }); setInterval(() => {}, 1000);`;
    // The runner: spawns the service as the test harness does, prints its pid, lives on.
    const runner = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, [...${JSON.stringify(exitWithParent.nodeArgs)}, '-e', ${JSON.stringify(service)}],
        { stdio: [${JSON.stringify(exitWithParent.stdin)}, 'ignore', 'inherit'] });
      console.log(child.pid);
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', runner], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await waitUntil('the orphaned service to stop', () => Promise.resolve(!alive(pid)), 10_000);
    expect(await readFile(marker, 'utf8')).toBe('SIGTERM');
  }, 20_000);

  it('lets a service that has finished exit while its runner lives on', async () => {
    const child = spawn(process.execPath, [...exitWithParent.nodeArgs, '-e', 'console.log("done")'], {
      stdio: [exitWithParent.stdin, 'pipe', 'inherit'],
    });
    // The runner keeps the pipe open: only the service's own end of work may end it.
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    child.stdin?.destroy();
  });
});
