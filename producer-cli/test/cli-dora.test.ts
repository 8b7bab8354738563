import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@tracey/api';
import { ingest } from '@tracey/api/testing';
import { generateDoraHistory } from '@tracey/dora/testing';
import { EventGraph, type GraphReader } from '@tracey/graph';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { runTracey } from './run-tracey.js';

// `tracey dora` (issue 20): the keys of GET /dora as JSON off a terminal (equal to the API's
// answer), with its flags passed through, and a clear error for a bad one.
describe('tracey dora against a real query API on Neo4j', () => {
  const services = testServices();
  const history = generateDoraHistory({ services: 4, days: 40, start: Date.UTC(2026, 5, 1) });
  const since = new Date(history.start).toISOString();
  const until = new Date(history.end).toISOString();
  let writer: EventGraph;
  let graph: GraphReader;
  let app: FastifyInstance;
  let env: Record<string, string>;

  beforeAll(async () => {
    const driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    await driver.close();
    const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
    writer = EventGraph.connect(connection);
    await ingest(writer, history.written);
    graph = EventGraph.connectReader(connection);
    app = buildApp({
      graph,
      config: { apiToken: undefined, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
      ui: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    env = { TRACEY_API_URL: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await graph?.close();
    await writer?.close();
  });

  it('prints the API’s keys, per week with --group-by', async () => {
    const run = await runTracey(['dora', '--since', since, '--until', until, '--group-by', 'week'], env);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      keys: { deploymentFrequency: { deployments: number } };
      groups: unknown[];
    };
    const query = new URLSearchParams({ since, until, groupBy: 'week' });
    expect(printed).toEqual(await (await fetch(`${env['TRACEY_API_URL']}/dora?${query.toString()}`)).json());
    expect(printed.keys.deploymentFrequency.deployments).toBeGreaterThan(5);
    expect(printed.groups.length).toBeGreaterThanOrEqual(5);
  });

  it('passes --service and --environment through', async () => {
    const service = history.services[0] ?? '';
    const run = await runTracey(
      [
        'dora',
        '--service',
        service,
        '--environment',
        'staging',
        '--since',
        since,
        '--until',
        until,
        '--json',
      ],
      env,
    );
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as { services: string[]; environment: string };
    expect(printed.services).toEqual([service]);
    expect(printed.environment).toBe('staging');
  });

  it('refuses a bad window with the API’s reason, exit code 2 (bad input)', async () => {
    const run = await runTracey(['dora', '--since', until, '--until', since], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('until');
    expect(run.stdout).toBe('');
  });
});
