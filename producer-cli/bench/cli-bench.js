// `npm run bench:cli`: what a build script pays per `tracey publish`, and the bulk rate of
// `tracey publish --file`, each against a baseline measured in the same run (see the CLI section
// of docs/BENCHMARKS.md). Needs the build (`tsc -b`) and a broker at TRACEY_AMQP_URL.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { eiffelEvent } from '@tracey/schemas';

const run = promisify(execFile);
const tracey = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const amqpUrl = process.env.TRACEY_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const calls = Number(process.env.TRACEY_BENCH_CALLS ?? 50);
const bulkEvents = Number(process.env.TRACEY_BENCH_EVENTS ?? 100_000);
const unbundledCalls = 20;
const batchFlag =
  process.env.TRACEY_BENCH_BATCH === undefined ? [] : ['--batch-size', process.env.TRACEY_BENCH_BATCH];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const ms = (value) => `${value.toFixed(0)} ms`;
const rate = (value) => `${Math.round(value).toLocaleString('en-US')} events/s`;

async function timed(action) {
  const start = performance.now();
  const result = await action();
  return { ms: performance.now() - start, result };
}

async function main() {
  const connection = await connect(amqpUrl);
  const channel = await connection.createChannel();
  const suffix = `${process.pid}.${Date.now().toString(36)}`;
  const exchange = `tracey-bench.${suffix}`;
  const queue = `tracey-bench.${suffix}`;
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, '#');
  const work = await mkdtemp(`${tmpdir()}/tracey-bench-`);
  const env = {
    ...process.env,
    TRACEY_AMQP_URL: amqpUrl,
    TRACEY_EXCHANGE: exchange,
    TRACEY_SPOOL_DIR: `${work}/spool`,
  };
  try {
    await perCall(env);
    await bulk(env, exchange, work, connection);
    const { messageCount } = await channel.checkQueue(queue);
    console.log(
      `\nqueue check: ${messageCount} messages routed (expected ${calls + 3 + unbundledCalls + 2 * bulkEvents})`,
    );
  } finally {
    await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
    await connection.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function perCall(env) {
  const baseline = [];
  for (let i = 0; i < 20; i += 1) baseline.push((await timed(() => run(process.execPath, ['-e', '']))).ms);
  // Warm-up: the first call fills V8's compile cache, as the first call of a build would.
  for (let i = 0; i < 3; i += 1) await publishOnce(env, `warm.${i}`);
  const times = [];
  for (let i = 0; i < calls; i += 1) times.push(await publishOnce(env, String(i)));
  const median = quantile(times, 0.5);
  const baseMedian = quantile(baseline, 0.5);
  console.log(
    `per call: ${calls} sequential \`tracey publish ArtifactCreated\` to ${amqpUrl.replace(/\/\/[^@]*@/, '//')}`,
  );
  console.log(`  baseline \`node -e ''\`     median ${ms(baseMedian)}, p95 ${ms(quantile(baseline, 0.95))}`);
  console.log(
    `  tracey publish            median ${ms(median)}, p95 ${ms(quantile(times, 0.95))}, min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}`,
  );
  console.log(`  ratio to baseline         ${(median / baseMedian).toFixed(1)}x (goal: median <= 300 ms)`);
  const plain = [];
  for (let i = 0; i < unbundledCalls; i += 1) plain.push(await publishOnce(env, `plain.${i}`, unbundled));
  console.log(
    `  without the bundle        median ${ms(quantile(plain, 0.5))}, p95 ${ms(quantile(plain, 0.95))} (${unbundledCalls} calls, oclif on dist/)`,
  );
}

// The same command through oclif on dist/ without the bundle, to show what the bundle saves.
const unbundled = [
  '--input-type=module',
  '-e',
  `import('node:module').then((m) => m.enableCompileCache()); import('@oclif/core').then(({ execute }) => execute({ args: process.argv.slice(1), dir: ${JSON.stringify(new URL('../bin/run.js', import.meta.url).href)} }))`,
];

async function publishOnce(env, label, entry = [tracey]) {
  const { ms: took, result } = await timed(() =>
    run(
      process.execPath,
      [...entry, 'publish', 'ArtifactCreated', '--set', `data.identity=pkg:npm/bench@1.0.0-${label}`],
      { env, cwd: fileURLToPath(new URL('..', import.meta.url)) },
    ),
  );
  const id = result.stdout.trim();
  if (!UUID.test(id) || result.stderr !== '') throw new Error(`unexpected output: ${JSON.stringify(result)}`);
  return took;
}

async function bulk(env, exchange, work, connection) {
  const file = `${work}/events.ndjson`;
  const lines = [];
  for (let i = 0; i < bulkEvents; i += 1) {
    lines.push(
      JSON.stringify(
        eiffelEvent('EiffelArtifactCreatedEvent', { identity: `pkg:npm/bulk@1.0.${i}` }).build(),
      ),
    );
  }
  await writeFile(file, `${lines.join('\n')}\n`);

  // Baseline: a raw amqplib confirm-channel loop over the same bodies, as fast as amqplib goes:
  // no reading, no validation, every message in flight at once, one wait for the confirms.
  const channel = await connection.createConfirmChannel();
  const raw = await timed(async () => {
    for (const line of lines) {
      const body = Buffer.from(line);
      const options = { persistent: true, contentType: 'application/json' };
      if (!channel.publish(exchange, 'eiffel.artifact.EiffelArtifactCreatedEvent._._', body, options)) {
        await new Promise((resolve) => channel.once('drain', resolve));
      }
    }
    await channel.waitForConfirms();
  });
  await channel.close();

  const cli = await timed(() =>
    run(process.execPath, [tracey, 'publish', '--file', file, ...batchFlag], { env, maxBuffer: 1 << 24 }),
  );
  const summary = cli.result.stderr.trim();
  if (!summary.startsWith(`tracey: published ${bulkEvents} of ${bulkEvents} events to amqp`))
    throw new Error(`bulk failed: ${summary}`);
  const rawRate = bulkEvents / (raw.ms / 1000);
  const cliRate = bulkEvents / (cli.ms / 1000);
  console.log(
    `\nbulk: ${bulkEvents.toLocaleString('en-US')} events (NDJSON, ${(lines.join('\n').length / 1e6).toFixed(1)} MB)`,
  );
  console.log(`  baseline raw amqplib confirm loop   ${rate(rawRate)} (${ms(raw.ms)})`);
  console.log(`  tracey publish --file (wall time)   ${rate(cliRate)} (${ms(cli.ms)})`);
  console.log(`  ${summary}`);
  console.log(
    `  ratio to baseline                   ${(cliRate / rawRate).toFixed(2)}x (goal: >= 10,000 events/s)`,
  );

  // Where the time goes: the same file where the broker stores nothing (an exchange with no queue
  // bound: routed and dropped), and where no broker is involved at all (NDJSON to a file).
  const unbound = `${exchange}.unbound`;
  await (
    await connection.createChannel()
  ).assertExchange(unbound, 'topic', { durable: true, autoDelete: false });
  const noQueue = await timed(() =>
    run(process.execPath, [tracey, 'publish', '--file', file, ...batchFlag], {
      env: { ...env, TRACEY_EXCHANGE: unbound },
      maxBuffer: 1 << 24,
    }),
  );
  const cleanup = await connection.createChannel();
  await cleanup.deleteExchange(unbound);
  await cleanup.close();
  const toFile = await timed(() =>
    run(
      process.execPath,
      [tracey, 'publish', '--file', file, '--output', 'file', '--output-file', `${work}/out.ndjson`],
      {
        env,
      },
    ),
  );
  console.log(
    `  same, exchange with no queue bound  ${rate(bulkEvents / (noQueue.ms / 1000))} (${ms(noQueue.ms)})`,
  );
  console.log(
    `  same, --output file (no broker)    ${rate(bulkEvents / (toFile.ms / 1000))} (${ms(toFile.ms)})`,
  );
}

await main();
