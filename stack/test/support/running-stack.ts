import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  freePort,
  resetTestGraph,
  uniqueName,
  type ServiceEndpoints,
} from '@tracey/testing';
import { loadStackConfig } from '../../src/config.js';
import { planServices } from '../../src/service-plan.js';
import { Supervisor } from '../../src/supervisor.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Tokens of the test stack: the ones the README's "Running the services" section starts them with. */
export const API_TOKEN = 'change-me';
export const ADAPTER_TOKEN = 'change-me-too';

/** The environment without the caller's TRACEY_* settings, so only the test's own apply. */
export function baseEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => !entry[0].startsWith('TRACEY_') && entry[1] !== undefined,
    ),
  );
}

/**
 * A user's shell environment: the caller's without TRACEY_* and without what vitest adds
 * (NODE_ENV=test makes oclif look for TypeScript sources and warn on stderr).
 */
function userEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(baseEnv()).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')),
  );
}

/** Whether the CLI's bundle is newer than its build, as `producer-cli/bin/run.js` decides to use it. */
function freshBundle(): boolean {
  try {
    const cli = `${ROOT}producer-cli/dist/`;
    return statSync(`${cli}bundle/tracey.js`).mtimeMs >= statSync(`${cli}commands.js`).mtimeMs;
  } catch {
    return false;
  }
}

/** The aggregator, the query API and the adapter, built and supervised as `npm start` runs them. */
export interface RunningStack {
  readonly apiUrl: string;
  readonly adapterUrl: string;
  /** What a user's shell has: TRACEY_* for the CLI, `tracey` on PATH. */
  readonly shellEnv: Readonly<Record<string, string>>;
  /** The services' log lines, for failure messages. */
  readonly lines: readonly string[];
  /** Waits until the aggregator has taken every event published so far (stored, duplicate or dead-lettered). */
  settled(timeoutMs?: number): Promise<void>;
  /** A counter of the aggregator's /metrics, summed over its labels. */
  counter(name: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Builds and starts the stack on a unique exchange and queues, free ports and an empty graph. A
 * queue of its own on the exchange counts what was published, independently of the aggregator.
 * `triggerRules` is the adapter's rules file, as `npm start` gives it the demo's (triggers off
 * without it).
 */
export async function startRunningStack(
  services: ServiceEndpoints,
  work: string,
  options: { readonly triggerRules?: string } = {},
): Promise<RunningStack> {
  const build = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-b', 'aggregator', 'api', 'jenkins-adapter', 'producer-cli'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  // One-file `tracey`, as the README advises for build scripts: a few times faster to start.
  if (!freshBundle()) {
    const bundle = spawnSync(process.execPath, ['producer-cli/scripts/bundle.js'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (bundle.status !== 0) throw new Error(`bundle failed:\n${bundle.stdout}${bundle.stderr}`);
  }

  const driver = connectTestNeo4j(services);
  try {
    await resetTestGraph(driver);
  } finally {
    await driver.close();
  }
  const broker = await AmqpTestBroker.connect(services.amqpUrl);
  const topology = await declareTestTopology(broker, 'docs');
  const tap = await broker.boundQueue(topology.exchange, ['#'], 'docs-tap');
  const triggerQueue = uniqueName('docs-triggers');
  broker.track('queue', triggerQueue);

  const [apiPort, adapterPort, aggregatorPort, webhookPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const common = {
    TRACEY_AMQP_URL: services.amqpUrl,
    TRACEY_EXCHANGE: topology.exchange,
    TRACEY_NEO4J_URL: services.neo4jUrl,
    TRACEY_NEO4J_USER: services.neo4jUser,
    TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
    TRACEY_API_TOKEN: API_TOKEN,
    TRACEY_ADAPTER_TOKEN: ADAPTER_TOKEN,
    TRACEY_WEBHOOK_TOKEN: 'docs-webhook-token',
  };
  const env = {
    ...baseEnv(),
    ...common,
    TRACEY_QUEUE: topology.queue,
    TRACEY_DEAD_LETTER_QUEUE: topology.deadLetterQueue,
    TRACEY_TRIGGER_QUEUE: triggerQueue,
    TRACEY_TRIGGER_STATE_DIR: `${work}/triggers`,
    TRACEY_ADAPTER_SPOOL_DIR: `${work}/adapter-spool`,
    TRACEY_API_PORT: String(apiPort),
    TRACEY_ADAPTER_PORT: String(adapterPort),
    TRACEY_AGGREGATOR_PORT: String(aggregatorPort),
    TRACEY_WEBHOOK_PORT: String(webhookPort),
    TRACEY_WEBHOOK_SPOOL_DIR: `${work}/webhook-spool`,
    TRACEY_LOG_LEVEL: 'warn',
  };
  const config = loadStackConfig(env);
  if (!config.ok) throw new Error(JSON.stringify(config.issues));
  const lines: string[] = [];
  const supervisor = new Supervisor({
    root: ROOT,
    services: planServices(
      config.config,
      env,
      options.triggerRules === undefined ? {} : { defaultTriggerRules: options.triggerRules },
    ),
    onLine: (name, line) => lines.push(`${name} │ ${line}`),
    stopMs: 10_000,
    readyTimeoutMs: 60_000,
  });
  if (!(await supervisor.start())) throw new Error(`the stack did not start:\n${lines.join('\n')}`);

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const adapterUrl = `http://127.0.0.1:${adapterPort}`;
  const bin = `${work}/bin`;
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    `${bin}/tracey`,
    `#!/bin/sh\nexec "${process.execPath}" "${ROOT}producer-cli/bin/run.js" "$@"\n`,
  );
  chmodSync(`${bin}/tracey`, 0o755);

  const counter = async (name: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${aggregatorPort}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  };
  return {
    apiUrl,
    adapterUrl,
    lines,
    counter,
    shellEnv: {
      ...userEnv(),
      ...common,
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      TRACEY_API_URL: apiUrl,
      TRACEY_ADAPTER_URL: adapterUrl,
      TRACEY_SPOOL_DIR: `${work}/spool`,
    },
    async settled(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const published = (await broker.channel.checkQueue(tap)).messageCount;
        const taken =
          (await counter('tracey_aggregator_events_written_total')) +
          (await counter('tracey_aggregator_events_duplicate_total')) +
          (await counter('tracey_aggregator_messages_dead_lettered_total'));
        if (taken >= published) return;
        if (Date.now() > deadline)
          throw new Error(`the aggregator took ${taken} of ${published} events:\n${lines.join('\n')}`);
        await sleep(100);
      }
    },
    async stop() {
      await supervisor.stop('test done');
      await broker.cleanup();
    },
  };
}
