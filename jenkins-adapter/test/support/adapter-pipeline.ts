import { EventGraph } from '@tracey/graph';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadAggregatorConfig, startAggregator, type AggregatorService } from '@tracey/aggregator';
import { buildApp as buildApiApp } from '@tracey/api';
import { freePort, type ServiceEndpoints, type TestTopology } from '@tracey/testing';
import { loadAdapterConfig, startAdapter, type AdapterService } from '@tracey/jenkins-adapter';
import { quietLogger } from './quiet-logger.js';

// The plugin-shaped samples beside the repository (read in place); override with TRACEY_FIXTURES_DIR.
const fixturesDir = (
  process.env['TRACEY_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds the adapter's `dist/` (incremental; CI has built it already). */
export function buildAdapter(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'jenkins-adapter'], { cwd: root, stdio: 'inherit' });
}

/** A spawned adapter: what it wrote is kept for the test to read. */
export interface AdapterProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Its stderr (messages such as configuration errors). */
  stderr(): string;
  /** Its stdout (the JSON log) and stderr, in the order they arrived. */
  output(): string;
}

/**
 * A spool directory of one test adapter: never the default `.tracey/adapter-spool` of the working
 * directory, where another run's leftovers would be flushed into this test's exchange.
 */
export function testSpoolDir(): string {
  return mkdtempSync(`${tmpdir()}/tracey-test-adapter-spool-`);
}

/** `tracey-jenkins-adapter` as deployed: `node jenkins-adapter/dist/main.js`. */
export function spawnAdapter(env: Record<string, string>, logLevel = 'warn'): AdapterProcess {
  let stderr = '';
  let output = '';
  const child = spawn(process.execPath, ['jenkins-adapter/dist/main.js'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      TRACEY_LOG_LEVEL: logLevel,
      TRACEY_ADAPTER_SPOOL_DIR: testSpoolDir(),
      ...env,
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, output: () => output };
}

/** A Jenkins Notification plugin sample, as the plugin posts it. */
export function jenkinsSample(name: string): string {
  return readFileSync(`${fixturesDir}/jenkins/${name}.json`, 'utf8');
}

/**
 * `tracey-aggregator` as deployed, in-process, on the test's exchange and queues; `env` adds or
 * overrides its TRACEY_* settings (e.g. TRACEY_MAX_EVENT_BYTES).
 */
export async function startTestAggregator(
  services: ServiceEndpoints,
  topology: TestTopology,
  env: Readonly<Record<string, string>> = {},
): Promise<AggregatorService> {
  const result = loadAggregatorConfig({
    TRACEY_AMQP_URL: services.amqpUrl,
    TRACEY_EXCHANGE: topology.exchange,
    TRACEY_QUEUE: topology.queue,
    TRACEY_DEAD_LETTER_QUEUE: topology.deadLetterQueue,
    TRACEY_NEO4J_URL: services.neo4jUrl,
    TRACEY_NEO4J_USER: services.neo4jUser,
    TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
    TRACEY_AGGREGATOR_PORT: String(await freePort()),
    ...env,
  });
  if (!result.ok) throw new Error(`aggregator config: ${JSON.stringify(result.issues)}`);
  return startAggregator(result.config, quietLogger);
}

/** `tracey-api` over the test graph, listening on a free port; `url` is its base URL. */
export async function startTestApi(
  services: ServiceEndpoints,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = buildApiApp({
    graph: EventGraph.connectReader({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    }),
    config: { apiToken: undefined, readAuth: 'optional' },
    logger: quietLogger,
    closeGraph: true,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

/** `tracey-jenkins-adapter` as deployed, publishing to the test's exchange. */
export async function startTestAdapter(
  services: ServiceEndpoints,
  topology: TestTopology,
  env: { apiUrl: string; token: string },
): Promise<AdapterService & { url: string }> {
  const result = loadAdapterConfig({
    TRACEY_AMQP_URL: services.amqpUrl,
    TRACEY_EXCHANGE: topology.exchange,
    TRACEY_API_URL: env.apiUrl,
    TRACEY_ADAPTER_TOKEN: env.token,
    TRACEY_ADAPTER_PORT: String(await freePort()),
    TRACEY_ADAPTER_SPOOL_DIR: testSpoolDir(),
  });
  if (!result.ok) throw new Error(`adapter config: ${JSON.stringify(result.issues)}`);
  const service = await startAdapter(result.config, quietLogger);
  return Object.assign(service, { url: `http://127.0.0.1:${service.port}` });
}
