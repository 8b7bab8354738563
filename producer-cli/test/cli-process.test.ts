import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpTestBroker, freePort, testServices, waitUntil } from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import { installTracey, TRACEY_BUILDS, type InstalledTracey } from '@tracey/producer-cli/testing';

// `tracey` as a build script meets it: installed (on the dist build, and as the bundle users get),
// in a process of its own found on the PATH, with a real environment and the shared broker, and
// only its exit code, stdout and stderr to go by.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(TRACEY_BUILDS)('tracey (%s) as a process', (build) => {
  const services = testServices();
  let tracey: InstalledTracey;
  let broker: AmqpTestBroker;
  let exchange: string;
  let queue: string;
  let scratch: string;
  let spoolDir: string;

  beforeAll(async () => {
    tracey = installTracey(build);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    exchange = await broker.topicExchange(`cli-process-${build}`);
    queue = await broker.boundQueue(exchange, ['#'], `cli-process-${build}-audit`);
    scratch = mkdtempSync(join(tmpdir(), 'tracey-cli-process-'));
    spoolDir = join(scratch, 'spool');
  }, 180_000);

  afterAll(async () => {
    await broker?.cleanup();
    tracey?.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    TRACEY_AMQP_URL: services.amqpUrl,
    TRACEY_EXCHANGE: exchange,
    TRACEY_SPOOL_DIR: spoolDir,
    ...extra,
  });

  const delivered = async () => (await broker.channel.checkQueue(queue)).messageCount;

  it('publishes, exits 0 and prints only the new id on stdout', async () => {
    const run = await tracey.run(
      ['scm', 'created', '--repo-uri', 'https://git.example.com/acme/app.git'],
      env(),
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([expect.stringMatching(UUID), '']);
    expect(run.stderr).not.toContain(run.stdout.trim());
    expect(await delivered()).toBe(1);
  });

  it('exits 2 on bad input, every reason on stderr, nothing on stdout, nothing published', async () => {
    const before = await delivered();
    const run = await tracey.run(['artifact', 'created'], env());
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Missing required flag identity/);
    expect(await delivered()).toBe(before);
  });

  it('exits 2 on a bad TRACEY_* variable, naming it', async () => {
    const run = await tracey.run(['scm', 'created'], env({ TRACEY_CONFIRM_MS: 'soon' }));
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('TRACEY_CONFIRM_MS');
  });

  it('--help exits 0 with the usage and every topic on stdout', async () => {
    const run = await tracey.run(['--help'], env());
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('$ tracey [COMMAND]');
    for (const topic of ['activity', 'artifact', 'scm', 'spool', 'trace']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${topic} `, 'm'));
    }
  });

  it('ends quietly with exit 0 when the reader closes stdout early (| head -1)', async () => {
    // 2,000 events as NDJSON on stdout: far more than a pipe holds (64 KiB on Linux), so tracey is
    // still writing when head exits.
    const file = join(scratch, 'closed-pipe.ndjson');
    const events = Array.from({ length: 2_000 }, (_, index) =>
      eiffelEvent('EiffelArtifactCreatedEvent', { identity: `pkg:npm/closed-pipe-${index}@1.0.0` }).build(),
    );
    writeFileSync(file, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const publish = `tracey publish --file '${file}' --output stdout`;

    const whole = await tracey.shell(publish, env());
    expect(whole.exitCode, whole.stderr).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(128 * 1024);

    const cut = await tracey.shell(`${publish} | head -1`, env());
    expect(cut.stderr).toBe('');
    expect(cut.exitCode).toBe(0);
    expect(cut.stdout.split('\n')).toEqual([whole.stdout.split('\n')[0], '']);
  });

  it('spools across a broker it cannot reach (exit 0, or 3 with --strict) and delivers on flush', async () => {
    const down = env({
      TRACEY_AMQP_URL: `amqp://guest:guest@127.0.0.1:${await freePort()}`,
      TRACEY_CONFIRM_MS: '2000',
    });
    const before = await delivered();
    const spooled = await tracey.run(['scm', 'created'], down);
    expect(spooled.exitCode, spooled.stderr).toBe(0);
    expect(spooled.stdout.trim()).toMatch(UUID);
    expect(spooled.stderr).toContain(`event ${spooled.stdout.trim()} spooled in ${spoolDir}`);
    const strict = await tracey.run(['scm', 'created', '--strict'], down);
    expect(strict.exitCode, strict.stderr).toBe(3);
    expect(strict.stderr).toContain('spooled');
    expect(await delivered()).toBe(before);

    // The broker back (the shared one): the next command flushes what the spool holds, in order.
    const flush = await tracey.run(['spool', 'flush'], env());
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
