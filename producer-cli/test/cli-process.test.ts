import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpTestBroker, freePort, testServices, waitUntil } from '@tracey/testing';

// `tracey` as a build script meets it: the installed bin (producer-cli/bin/run.js on the built
// dist) in a process of its own, with a real environment and the shared broker, and only its exit
// code, stdout and stderr to go by.
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('tracey as a process', () => {
  const services = testServices();
  let broker: AmqpTestBroker;
  let exchange: string;
  let queue: string;
  let spoolDir: string;

  beforeAll(async () => {
    // What the bin runs is the built dist: build it first (a no-op after `npm run build`).
    const build = spawnSync('npx', ['tsc', '-b', 'producer-cli'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`tsc -b producer-cli failed: ${build.stdout}${build.stderr}`);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    exchange = await broker.topicExchange('cli-process');
    queue = await broker.boundQueue(exchange, ['#'], 'cli-process-audit');
    spoolDir = mkdtempSync(join(tmpdir(), 'tracey-cli-process-'));
  }, 180_000);

  afterAll(async () => {
    await broker?.cleanup();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  function tracey(args: readonly string[], env: Record<string, string> = {}) {
    const run = spawnSync(process.execPath, [bin, ...args], {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        TRACEY_AMQP_URL: services.amqpUrl,
        TRACEY_EXCHANGE: exchange,
        TRACEY_SPOOL_DIR: spoolDir,
        ...env,
      },
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { exitCode: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  const delivered = async () => (await broker.channel.checkQueue(queue)).messageCount;

  it('publishes, exits 0 and prints only the new id on stdout', async () => {
    const run = tracey(['scm', 'created', '--repo-uri', 'https://git.example.com/acme/app.git']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([expect.stringMatching(UUID), '']);
    expect(run.stderr).not.toContain(run.stdout.trim());
    expect(await delivered()).toBe(1);
  });

  it('exits 2 on bad input, every reason on stderr, nothing on stdout, nothing published', async () => {
    const before = await delivered();
    const run = tracey(['artifact', 'created']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/identity/);
    expect(await delivered()).toBe(before);
  });

  it('exits 2 on a bad TRACEY_* variable, naming it', () => {
    const run = tracey(['scm', 'created'], { TRACEY_CONFIRM_MS: 'soon' });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('TRACEY_CONFIRM_MS');
  });

  it('spools across a broker it cannot reach (exit 0, or 3 with --strict) and delivers on flush', async () => {
    const down = `amqp://guest:guest@127.0.0.1:${await freePort()}`;
    const before = await delivered();
    const spooled = tracey(['scm', 'created'], { TRACEY_AMQP_URL: down, TRACEY_CONFIRM_MS: '2000' });
    expect(spooled.exitCode, spooled.stderr).toBe(0);
    expect(spooled.stdout.trim()).toMatch(UUID);
    expect(spooled.stderr).toContain(`event ${spooled.stdout.trim()} spooled in ${spoolDir}`);
    const strict = tracey(['scm', 'created', '--strict'], {
      TRACEY_AMQP_URL: down,
      TRACEY_CONFIRM_MS: '2000',
    });
    expect(strict.exitCode, strict.stderr).toBe(3);
    expect(strict.stderr).toContain('spooled');
    expect(await delivered()).toBe(before);

    // The broker back (the shared one): the next command flushes what the spool holds, in order.
    const flush = tracey(['spool', 'flush']);
    expect(flush.exitCode, flush.stderr).toBe(0);
    await waitUntil('both spooled events delivered', async () => (await delivered()) === before + 2);
    const ids: string[] = [];
    for (let next = await broker.channel.get(queue); next !== false; next = await broker.channel.get(queue)) {
      ids.push(next.properties.messageId as string);
      broker.channel.ack(next);
    }
    expect(ids).toContain(spooled.stdout.trim());
    expect(ids).toHaveLength(before + 2);
  }, 120_000);
});
