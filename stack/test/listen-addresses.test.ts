import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ADAPTER_TOKEN, DEV_API_TOKEN } from '@tracey/common';
import { AmqpTestBroker, declareTestTopology, freePort, testServices, uniqueName } from '@tracey/testing';
import { loadStackConfig } from '../src/config.js';
import { withDevTokens } from '../src/dev-defaults.js';
import { planServices } from '../src/service-plan.js';
import { Supervisor } from '../src/supervisor.js';

// Where `npm start`'s services listen, read from the kernel (/proc), not from their logs.
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The environment without the caller's TRACEY_* settings, so only the test's own apply. */
function baseEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TRACEY_')));
}

// /proc/net/tcp{,6} write addresses as 32-bit words in host (little-endian) byte order.
function decodeAddress(hex: string): string {
  const words = (hex.match(/.{8}/g) ?? []).map((word) => (word.match(/../g) ?? []).reverse());
  const bytes = words.flat().map((byte) => parseInt(byte, 16));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** The addresses (`host:port`) a process listens on, from its socket inodes and /proc/net. */
function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined) inodes.add(inode);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, , state] = [fields[1], fields[2], fields[3]];
      if (state !== '0A' || local === undefined || !inodes.has(fields[9] ?? '')) continue;
      const [address = '', port = ''] = local.split(':');
      found.push(`${decodeAddress(address)}:${parseInt(port, 16)}`);
    }
  }
  return found;
}

const isLoopback = (socket: string) => /^(127\.|::1:|::ffff:127\.)/.test(socket);

/** Runs a built entry point to its end: exit code and what it wrote to stderr. */
function runToExit(
  entry: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('where the services listen', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let supervisor: Supervisor | undefined;
  const lines: string[] = [];
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    // The services run from their builds, as `npm start` runs them (CI has built them already).
    const build = spawnSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-b', 'aggregator', 'api', 'jenkins-adapter', 'stack'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(build.status, build.stdout).toBe(0);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    const topology = await declareTestTopology(broker, 'listen');
    const triggerQueue = uniqueName('listen-triggers');
    broker.track('queue', triggerQueue);
    const [apiPort, adapterPort, aggregatorPort, webhookPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    // npm start's defaults: no address set, the development tokens filled in.
    env = withDevTokens({
      ...baseEnv(),
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: topology.exchange,
      TRACEY_QUEUE: topology.queue,
      TRACEY_DEAD_LETTER_QUEUE: topology.deadLetterQueue,
      TRACEY_TRIGGER_QUEUE: triggerQueue,
      TRACEY_NEO4J_URL: services.neo4jUrl,
      TRACEY_NEO4J_USER: services.neo4jUser,
      TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
      TRACEY_API_PORT: String(apiPort),
      TRACEY_ADAPTER_PORT: String(adapterPort),
      TRACEY_AGGREGATOR_PORT: String(aggregatorPort),
      TRACEY_WEBHOOK_PORT: String(webhookPort),
      TRACEY_WEBHOOK_SPOOL_DIR: mkdtempSync(`${tmpdir()}/tracey-listen-webhook-spool-`),
      TRACEY_LOG_LEVEL: 'warn',
    }).env;
  });

  afterAll(async () => {
    await supervisor?.stop('test done');
    await broker?.cleanup();
  });

  it('every listening socket of every service is on loopback with the default settings', async () => {
    const config = loadStackConfig(env);
    if (!config.ok) throw new Error(JSON.stringify(config.issues));
    supervisor = new Supervisor({
      root,
      services: planServices(config.config, env),
      onLine: (name, line) => lines.push(`${name} │ ${line}`),
      stopMs: 10_000,
      readyTimeoutMs: 60_000,
    });
    expect(await supervisor.start(), lines.join('\n')).toBe(true);
    const processes = supervisor.processes;
    expect(processes.map((p) => p.name)).toEqual(['aggregator', 'api', 'adapter', 'webhook']);
    for (const { name, pid } of processes) {
      expect(pid, name).toBeDefined();
      const sockets = listeningSockets(pid ?? 0);
      process.stdout.write(`${name} (pid ${pid}) listens on ${sockets.join(', ')}\n`);
      expect(sockets.length, name).toBeGreaterThan(0);
      expect(
        sockets.filter((socket) => !isLoopback(socket)),
        `${name} listens beyond loopback`,
      ).toEqual([]);
    }
  });

  it.each([
    ['api/dist/main.js', 'tracey-api', { TRACEY_BIND: '0.0.0.0' }, 'TRACEY_API_TOKEN'],
    ['api/dist/main.js', 'tracey-api', { TRACEY_API_BIND: '::' }, 'TRACEY_API_TOKEN'],
    [
      'jenkins-adapter/dist/main.js',
      'tracey-jenkins-adapter',
      { TRACEY_BIND: '0.0.0.0' },
      'TRACEY_ADAPTER_TOKEN',
    ],
    [
      'stack/dist/main.js',
      'tracey-stack: tracey-api',
      { TRACEY_BIND: '0.0.0.0', TRACEY_API_TOKEN: '' },
      'TRACEY_API_TOKEN',
    ],
  ])(
    '%s refuses a non-loopback address with a development token: exit 2',
    async (entry, service, bind, variable) => {
      const run = await runToExit(entry, { ...env, ...bind });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`${service}: refusing to listen on`);
      expect(run.stderr).toContain(variable);
      process.stdout.write(`${entry} with ${JSON.stringify(bind)}: exit ${run.code}: ${run.stderr.trim()}\n`);
    },
  );

  it('listens where it is told once the tokens are not the development ones', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['api/dist/main.js'], {
      cwd: root,
      env: {
        ...env,
        TRACEY_BIND: '0.0.0.0',
        TRACEY_API_TOKEN: 'an-own-secret-0123456789',
        TRACEY_API_PORT: String(port),
      },
      stdio: 'ignore',
    });
    try {
      let sockets: string[] = [];
      for (let tries = 0; tries < 100 && sockets.length === 0; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        sockets = listeningSockets(child.pid ?? 0);
      }
      expect(sockets).toEqual([`0.0.0.0:${port}`]);
      expect(DEV_API_TOKEN).not.toBe('an-own-secret-0123456789');
      expect(DEV_ADAPTER_TOKEN).toBeDefined();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
