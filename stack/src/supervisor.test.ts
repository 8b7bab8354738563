import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@tracey/testing';
import type { ServiceSpec } from './service-plan.js';
import { Supervisor } from './supervisor.js';

// Tiny real services: each serves /ready on PORT and prints a line; how it ends depends on MODE.
const root = `${mkdtempSync(`${tmpdir()}/tracey-supervisor-`)}/`;
writeFileSync(
  `${root}service.mjs`,
  `import { createServer } from 'node:http';
const server = createServer((_, response) => response.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
console.log(JSON.stringify({ level: 30, time: Date.now(), msg: 'listening ' + process.env.PORT, pid: process.pid }));
if (process.env.MODE === 'crash') setTimeout(() => { console.error('boom'); process.exit(3); }, 300);
if (process.env.MODE === 'slow-stop')
  process.on('SIGTERM', () => {
    console.log('got SIGTERM');
    setTimeout(() => server.close(() => process.exit(0)), 300);
  });
else if (process.env.MODE !== 'default-signal')
  process.on('SIGTERM', () => {
    if (process.env.MODE === 'stubborn') return;
    server.close(() => process.exit(0));
  });
`,
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function service(name: string, mode = 'normal'): Promise<ServiceSpec> {
  const port = await freePort();
  return {
    name,
    entry: 'service.mjs',
    env: { PATH: process.env['PATH'], PORT: String(port), MODE: mode },
    readyUrl: `http://127.0.0.1:${port}/ready`,
    listen: `127.0.0.1:${port}`,
  };
}

function supervise(services: ServiceSpec[], stopMs = 5_000) {
  const lines: string[] = [];
  const supervisor = new Supervisor({
    root,
    services,
    onLine: (name, line) => lines.push(`${name}: ${line}`),
    stopMs,
    readyTimeoutMs: 10_000,
  });
  return { supervisor, lines };
}

describe('Supervisor', () => {
  it('starts the services in order, each once the one before is ready, and stops them cleanly', async () => {
    const { supervisor, lines } = supervise([await service('first'), await service('second')]);
    expect(await supervisor.start()).toBe(true);
    const ready = lines.filter((line) => / is ready /.test(line) || /listening/.test(line));
    expect(ready.map((line) => line.split(':')[0])).toEqual(['first', 'stack', 'second', 'stack']);
    await supervisor.stop('test');
    expect(await supervisor.finished).toBe(0);
    expect(lines).toContain('stack: first stopped (code 0)');
    expect(lines).toContain('stack: second stopped (code 0)');
  });

  it('reports a service that dies, stops the others and fails', async () => {
    const { supervisor, lines } = supervise([await service('steady'), await service('fragile', 'crash')]);
    await supervisor.start();
    expect(await supervisor.finished).toBe(1);
    expect(lines).toContain('fragile: boom');
    expect(lines).toContain('stack: ✖ fragile EXITED UNEXPECTEDLY (code 3) — stopping the stack');
    expect(lines).toContain('stack: steady stopped (code 0)');
    expect(supervisor.failures).toEqual(['fragile EXITED UNEXPECTEDLY (code 3) — stopping the stack']);
  });

  it('lets services that got the stop signal already (Ctrl-C) finish without a second one', async () => {
    const { supervisor, lines } = supervise([await service('signalled', 'slow-stop')]);
    expect(await supervisor.start()).toBe(true);
    const pid = Number(/"pid":(\d+)/.exec(lines.find((line) => line.includes('"pid"')) ?? '')?.[1]);
    process.kill(pid, 'SIGTERM');
    await supervisor.stop('SIGINT', { signalledMs: 5_000 });
    expect(await supervisor.finished).toBe(0);
    expect(lines.filter((line) => line === 'signalled: got SIGTERM')).toHaveLength(1);
    expect(lines).toContain('stack: signalled stopped (code 0)');
  });

  it('counts a service that SIGTERM ends by its default action as stopped cleanly', async () => {
    const { supervisor, lines } = supervise([await service('plain', 'default-signal')]);
    expect(await supervisor.start()).toBe(true);
    await supervisor.stop('test');
    expect(await supervisor.finished).toBe(0);
    expect(lines).toContain('stack: plain stopped (signal SIGTERM)');
  });

  it('kills a service that ignores SIGTERM once the stop time is up', async () => {
    const { supervisor, lines } = supervise([await service('stubborn', 'stubborn')], 300);
    expect(await supervisor.start()).toBe(true);
    await supervisor.stop('test');
    expect(await supervisor.finished).toBe(1);
    expect(lines).toContain('stack: ✖ stubborn did not stop within 300 ms: SIGKILL');
    expect(lines).toContain('stack: ✖ stubborn failed to stop cleanly (signal SIGKILL)');
  });
});
