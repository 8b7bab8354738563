import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { buildApp } from '@tracey/api';
import { EventGraph } from '@tracey/graph';
import { parseDoraConfig } from '@tracey/dora';
import { generateDoraHistory } from '@tracey/dora/testing';
import { ingest } from '@tracey/api/testing';
import { testServices } from '@tracey/testing';
import { DoraOracle, type OracleQuery } from './support/independent-dora.js';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

// Issue 20: every figure of GET /dora and every delta of /dora/deployments, on a generated
// history written shuffled and with duplicates through the aggregator's write path, against an
// independent computation over the same events (support/independent-dora.ts).
describe('DORA keys from the graph', () => {
  const services = testServices();
  const history = generateDoraHistory();
  const oracle = new DoraOracle(history.events);
  const DAY = 86_400_000;
  const team = ['svc-01', 'svc-13', 'pkg:maven/com.example/svc-16', 'pkg:maven/com.example/svc-17'];
  let api: QueryApiHarness;

  beforeAll(async () => {
    api = await startQueryApi(services, {
      raw: history.written,
      dora: parseDoraConfig(JSON.stringify({ teams: [{ name: 'payments', services: team }] }), 'dora.json'),
    });
    await ingest(api.writer, history.again);
  }, 600_000);

  afterAll(() => api?.close());

  const get = async (url: string): Promise<Record<string, unknown>> => {
    const response = await api.app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const url = (path: string, query: OracleQuery & { team?: string }): string => {
    const params = new URLSearchParams({ since: String(query.since), until: String(query.until) });
    if (query.service !== undefined) params.set('service', query.service);
    if (query.environment !== undefined) params.set('environment', query.environment);
    if (query.team !== undefined) params.set('team', query.team);
    if (query.groupBy !== undefined) params.set('groupBy', query.groupBy);
    return `${path}?${params.toString()}`;
  };

  const everything: OracleQuery = { since: history.start - 61 * DAY, until: history.end, groupBy: 'month' };
  const window: OracleQuery = {
    since: history.start + 90 * DAY,
    until: history.start + 150 * DAY,
    groupBy: 'week',
  };

  it('is a history as the issue asks: ≥ 20 services, 3 environments, ≥ 2,000 deployments over ≥ 180 days', () => {
    let deployments = 0;
    const seen = {
      rollback: 0,
      olderVersion: 0,
      failed: 0,
      seed: 0,
      reviewed: 0,
      merged: 0,
      released: 0,
      fixes: 0,
      methods: new Set<string>(),
    };
    const typeOf = new Map(
      (history.events as { context?: { id: string; type: string } }[]).map((event) => [
        event.context?.id,
        event.context?.type,
      ]),
    );
    for (const environment of history.environments) {
      const expected = oracle.compute({ ...everything, environment, releaseStage: true });
      deployments += expected.deployments.length;
      seen.rollback += expected.deployments.filter((d) => d.rollback).length;
      // Rollbacks announced as a plain deployment of an older artifact.
      seen.olderVersion += expected.deployments.filter(
        (d) => d.rollback && typeOf.get(d.id)?.startsWith('dev.cdevents.service.deployed') === true,
      ).length;
      seen.failed += expected.deployments.filter((d) => d.outcome === 'failure').length;
      seen.seed += expected.deployments.filter((d) => d.seed).length;
      // Rework that is a fix an incident's resolution names.
      seen.fixes += expected.deployments.filter((d) => d.rework && expected.fixes.has(d.id)).length;
      for (const d of expected.deployments)
        for (const change of d.changes) {
          if (change.stages.reviewMs !== null) seen.reviewed++;
          if (change.stages.deliveryMs !== null) seen.merged++;
          // Delivered elsewhere first (dev, staging), released to this environment later.
          if (environment === 'production' && change.counted && (change.stages.releaseMs ?? 0) > 0)
            seen.released++;
        }
    }
    for (const incident of oracle.compute(everything).incidents)
      seen.methods.add((incident['cause'] as { method: string }).method);
    expect(history.services.length).toBeGreaterThanOrEqual(20);
    expect(deployments).toBeGreaterThanOrEqual(2000);
    expect(history.end - history.start).toBeGreaterThanOrEqual(180 * DAY);
    expect(seen.rollback).toBeGreaterThan(5);
    expect(seen.olderVersion).toBeGreaterThan(2);
    // Changes with each stage known: opened for review and merged, merged only.
    expect(seen.reviewed).toBeGreaterThan(50);
    expect(seen.merged).toBeGreaterThan(seen.reviewed);
    expect(seen.released).toBeGreaterThan(500);
    expect(seen.fixes).toBeGreaterThanOrEqual(5);
    expect(seen.failed).toBeGreaterThan(20);
    expect(seen.seed).toBeGreaterThanOrEqual(60);
    expect([...seen.methods].sort()).toEqual(['artifact', 'explicit', 'none', 'window']);
    expect(history.written.length).toBe(history.events.length);
    expect(history.again.length).toBeGreaterThan(100);
  });

  it.each([
    ['the whole history, per month', everything],
    ['a window of 60 days, per week', window],
    ['one service', { ...everything, service: 'svc-03', groupBy: 'week' as const }],
    ['staging, per year', { ...everything, environment: 'staging', groupBy: 'year' as const }],
    ['dev, per day', { ...window, environment: 'dev', groupBy: 'day' as const }],
  ])('GET /dora: %s', async (_, query) => {
    const answer = await get(url('/dora', query));
    const expected = oracle.compute(query);
    expect(answer['keys']).toEqual(expected.keys);
    expect(answer['groups']).toEqual(expected.groups);
  });

  it('GET /dora for a team of the config', async () => {
    const answer = await get(url('/dora', { ...everything, team: 'payments' }));
    expect(answer['services']).toEqual(team);
    expect(answer['keys']).toEqual(oracle.compute({ ...everything, services: team }).keys);
  });

  it.each(['production', 'staging', 'dev'])(
    'GET /dora/deployments: every delta in %s',
    async (environment) => {
      for (const query of [everything, window]) {
        const answer = await get(url('/dora/deployments', { ...query, environment }));
        const expected = oracle.compute({ ...query, environment, releaseStage: true }).deployments;
        const deployments = answer['deployments'] as Record<string, unknown>[];
        expect(deployments.map((d) => d['id'])).toEqual(expected.map((d) => d.id));
        for (const [index, deployment] of deployments.entries()) {
          const { source: _source, production: _production, ...rest } = deployment;
          expect(rest, `deployment ${String(deployment['id'])}`).toEqual(expected[index]);
        }
      }
    },
  );

  it('GET /dora/changes/:id: where a change was first delivered in each environment, and when', async () => {
    // Independently: per environment, the first deployment of the window whose delta counts the change.
    const byEnvironment = history.environments.map((environment) => ({
      environment,
      deployments: oracle.compute({ since: window.since, until: window.until, environment }).deployments,
    }));
    const production = byEnvironment.find((entry) => entry.environment === 'production')?.deployments ?? [];
    const changes = production.flatMap((d) => d.changes.filter((c) => c.counted));
    const picked = [0, 0.25, 0.5, 0.75, 0.99].map((at) => changes[Math.floor(at * (changes.length - 1))]);
    // One asked by an event of the change that is not its id (a merge's creation, a submission).
    const member = changes.find((c) => c.eventIds.some((id) => id !== c.id));
    const asked = [
      ...picked.map((c) => c?.id ?? ''),
      member?.eventIds.find((id) => id !== member.id) ?? '',
      '00000000-0000-4000-8000-000000000000',
    ];
    expect(asked.filter((id) => id !== '')).toHaveLength(7);
    let arrived = 0;
    for (const id of asked) {
      const expected = byEnvironment
        .flatMap(({ environment, deployments }) => {
          for (const d of deployments) {
            const held = d.changes.find((c) => c.counted && (c.id === id || c.eventIds.includes(id)));
            if (held !== undefined)
              return [
                {
                  environment,
                  production: environment === 'production',
                  service: d.service,
                  deploymentId: d.id,
                  time: d.time,
                  leadTimeMs: held.leadTimeMs,
                  seed: d.seed,
                },
              ];
          }
          return [];
        })
        .sort((a, b) => a.time - b.time || a.environment.localeCompare(b.environment));
      const answer = await get(`/dora/changes/${id}?since=${window.since}&until=${window.until}`);
      expect(answer['arrivals'], id).toEqual(expected);
      expect(answer['change'] === null, id).toBe(expected.length === 0);
      arrived += expected.length;
    }
    // Not vacuous: most picked changes reached several environments.
    expect(arrived).toBeGreaterThanOrEqual(10);
  });

  it('GET /deploy-frequency/week: successful production deployments per service and week (dora-cloudevents shape)', async () => {
    const answer = (await get(url('/deploy-frequency/week', window))) as unknown as {
      DeployName: string;
      Deployments: number;
      Time: string;
    }[];
    // Independently: each successful deployment's Monday 00:00 UTC, counted per service.
    const monday = (time: number) => {
      const day = new Date(time);
      const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
      return new Date(start - ((day.getUTCDay() + 6) % 7) * DAY).toISOString();
    };
    const expected = new Map<string, number>();
    for (const deployment of oracle.compute(window).deployments) {
      if (deployment.outcome !== 'success') continue;
      const key = `${monday(deployment.time)} ${deployment.service}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(answer.length).toBeGreaterThan(20);
    expect(new Map(answer.map((row) => [`${row.Time} ${row.DeployName}`, row.Deployments]))).toEqual(
      expected,
    );
    expect(answer.map((row) => `${row.Time} ${row.DeployName}`)).toEqual([...expected.keys()].sort());
  });

  it('GET /dora/incidents: each with its cause and the method', async () => {
    const answer = await get(url('/dora/incidents', everything));
    const expected = oracle.compute(everything).incidents;
    expect(answer['incidents']).toEqual(expected);
    // By state as of `until`: open ones (em-metrics' in-progress incidents) and resolved ones.
    for (const query of [everything, window]) {
      const all = oracle.compute(query).incidents;
      const isOpen = (incident: Record<string, unknown>) =>
        incident['resolvedAt'] === null || (incident['resolvedAt'] as number) >= query.until;
      expect(all.filter(isOpen).length).toBeGreaterThan(0);
      expect((await get(`${url('/dora/incidents', query)}&status=open`))['incidents']).toEqual(
        all.filter(isOpen),
      );
      expect((await get(`${url('/dora/incidents', query)}&status=resolved`))['incidents']).toEqual(
        all.filter((incident) => !isOpen(incident)),
      );
    }
  });

  it('defaults to the 90 days before now, in production', async () => {
    const answer = await get('/dora');
    const until = Date.parse(answer['until'] as string);
    expect(Date.parse(answer['since'] as string)).toBe(until - 90 * DAY);
    expect(answer['environment']).toBeNull();
  });

  it('refuses a delta that needs more events than the search budget (DORA_LIMIT_EXCEEDED → 422), never cuts it short', async () => {
    const graph = EventGraph.connectReader({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    });
    const app = buildApp({
      graph,
      config: { apiToken: undefined, readAuth: 'optional', searchBudget: 5 },
      logger: pino({ level: 'silent' }),
      closeGraph: true,
    });
    try {
      const response = await app.inject({ method: 'GET', url: url('/dora', everything) });
      expect(response.statusCode, response.body).toBe(422);
      const { error } = response.json<{ error: { code: string; details: Record<string, unknown> } }>();
      expect(error.code).toBe('API_LIMIT_EXCEEDED');
      expect(error.details).toMatchObject({ limit: 'deltaBudget', value: 5 });
    } finally {
      await app.close();
    }
  });

  it.each([
    ['/dora?groupBy=fortnight', 'groupBy'],
    ['/dora?since=yesterday', 'since'],
    ['/dora?since=2026-02-01&until=2026-01-01', 'until'],
    ['/dora/deployments?team=nobody', 'team'],
    ['/dora/incidents?until=-271821-04-20T00:00:00.000Z', 'until'],
    ['/dora?since=10000-01-01', 'since'],
  ])('%s is a 400 naming %s', async (path, parameter) => {
    const response = await api.app.inject({ method: 'GET', url: path });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toContain(parameter);
  });

  it('refuses more than 1,000 periods (422 naming groupBy) and answers 1,000', async () => {
    const tooMany = await api.app.inject({
      method: 'GET',
      url: '/dora?groupBy=day&since=0&until=86400001000',
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json<{ error: { message: string } }>().error.message).toContain('groupBy');
    const most = await api.app.inject({ method: 'GET', url: '/dora?groupBy=day&since=0&until=86400000000' });
    expect(most.statusCode).toBe(200);
    expect(most.json<{ groups: unknown[] }>().groups).toHaveLength(1000);
  });
});
