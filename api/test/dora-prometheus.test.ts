import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DORA_CONFIG } from '@tracey/dora';
import { generateDoraHistory } from '@tracey/dora/testing';
import { freePort, testServices } from '@tracey/testing';
import { DoraOracle } from './support/independent-dora.js';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

// Issue 20: the DORA series on the API's /metrics, scraped by a real Prometheus (Debian's
// `prometheus`, on a free port) and read back through Prometheus' HTTP query API, equal the
// independent computation over the same generated history, per service: deployments, successful,
// failed and rework deployments, deployment days, and the lead-time and recovery-time histograms'
// counts and sums.

const DAY = 86_400_000;
// svc-01 is in both teams: its series carry the first; tracey_dora_team_service lists both.
const TEAMS = [
  { name: 'checkout', services: ['svc-00', 'svc-01'] },
  { name: 'payments', services: ['svc-01', 'svc-02', 'svc-03'] },
];
const PROMETHEUS = process.env['TRACEY_TEST_PROMETHEUS'] ?? 'prometheus';

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

describe('DORA series scraped by Prometheus', () => {
  const services = testServices();
  const history = generateDoraHistory({ services: 6, days: 75, seed: 33 });
  const oracle = new DoraOracle(history.events);
  const windowMs = 45 * DAY;
  const until = history.end;
  let api: QueryApiHarness;
  let prometheus: ChildProcess | undefined;
  let promUrl: string;
  const dir = mkdtempSync(join(tmpdir(), 'tracey-prometheus-'));

  beforeAll(async () => {
    api = await startQueryApi(services, {
      raw: history.written,
      dora: { ...DEFAULT_DORA_CONFIG, teams: TEAMS },
      now: () => until,
      doraMetrics: { windowMs, intervalMs: 0 },
    });
    const apiPort = await freePort();
    await api.app.listen({ host: '127.0.0.1', port: apiPort });
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: tracey-api',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${apiPort}']`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: 'ignore' },
    );
  }, 300_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = async (promql: string): Promise<Sample[]> => {
    const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as { status: string; data: { result: Sample[] } };
    expect(body.status, promql).toBe('success');
    return body.data.result;
  };
  const byService = (samples: readonly Sample[]): Record<string, number> =>
    Object.fromEntries(samples.map((sample) => [sample.metric['service'] ?? '', Number(sample.value[1])]));

  it('gives per service what an independent computation over the history gives', async () => {
    // Prometheus up and its scrape of the API in: the DORA series computed, once.
    const deadline = Date.now() + 60_000;
    let scraped: Sample[] = [];
    while (Date.now() < deadline) {
      scraped = await query('tracey_dora_up{job="tracey-api"}').catch(() => []);
      if (scraped.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(scraped.map((sample) => sample.value[1])).toEqual(['1']);

    const expected = {
      deployments: {} as Record<string, number>,
      successful: {} as Record<string, number>,
      failed: {} as Record<string, number>,
      rework: {} as Record<string, number>,
      days: {} as Record<string, number>,
      leadCount: {} as Record<string, number>,
      leadSum: {} as Record<string, number>,
      recoveryCount: {} as Record<string, number>,
    };
    // The services as the computation names them (an Eiffel one is its artifact's purl without version).
    const all = oracle.compute({ since: until - windowMs, until });
    for (const service of new Set(all.deployments.map((deployment) => deployment.service))) {
      const result = oracle.compute({ since: until - windowMs, until, service });
      const { keys } = result;
      if (keys.deploymentFrequency.deployments === 0) continue;
      expected.deployments[service] = keys.deploymentFrequency.deployments;
      expected.successful[service] = keys.deploymentFrequency.successful;
      expected.failed[service] = keys.changeFailureRate.failed;
      expected.rework[service] = keys.reworkRate.rework;
      expected.days[service] = keys.deploymentFrequency.deploymentDays;
      const lead = result.deployments.flatMap((d) =>
        d.changes.filter((c) => c.counted).map((c) => c.leadTimeMs),
      );
      expected.leadCount[service] = lead.length;
      expected.leadSum[service] = lead.reduce((sum, ms) => sum + ms, 0) / 1000;
    }
    // Recoveries by the incident's service, else its cause's (as the scope filters read it), over
    // the incidents the independent computation finds in the window.
    const serviceOf = new Map(all.deployments.map((deployment) => [deployment.id, deployment.service]));
    for (const incident of all.incidents as Record<string, unknown>[]) {
      if (incident['recoveryMs'] === null) continue;
      const cause = (incident['cause'] as { deploymentId: string | null }).deploymentId;
      const service =
        (incident['service'] as string | null) ?? (cause === null ? undefined : serviceOf.get(cause));
      if (service !== undefined) expected.recoveryCount[service] = (expected.recoveryCount[service] ?? 0) + 1;
    }
    // Not vacuous: most services deployed to production in the window, with changes and incidents.
    expect(Object.keys(expected.deployments).length).toBeGreaterThanOrEqual(4);
    expect(Object.values(expected.failed).some((failed) => failed > 0)).toBe(true);
    expect(Object.keys(expected.recoveryCount).length).toBeGreaterThan(0);

    const production = '{job="tracey-api",environment="production"}';
    expect(byService(await query(`tracey_dora_deployments${production}`))).toEqual(expected.deployments);
    expect(byService(await query(`tracey_dora_successful_deployments${production}`))).toEqual(
      expected.successful,
    );
    expect(byService(await query(`tracey_dora_failed_deployments${production}`))).toEqual(expected.failed);
    expect(byService(await query(`tracey_dora_rework_deployments${production}`))).toEqual(expected.rework);
    expect(byService(await query(`tracey_dora_deployment_days${production}`))).toEqual(expected.days);
    expect(byService(await query(`tracey_dora_lead_time_seconds_count${production}`))).toEqual(
      expected.leadCount,
    );
    const sums = byService(await query(`tracey_dora_lead_time_seconds_sum${production}`));
    for (const [service, sum] of Object.entries(expected.leadSum)) expect(sums[service]).toBeCloseTo(sum, 3);
    const recoveries = byService(await query(`tracey_dora_recovery_time_seconds_count{job="tracey-api"}`));
    expect(Object.fromEntries(Object.entries(recoveries).filter(([, count]) => count > 0))).toEqual(
      expected.recoveryCount,
    );
    // Per team, as a dashboard sums them: the first team listing a service, '' for none.
    const teamOf = (service: string) => TEAMS.find((team) => team.services.includes(service))?.name ?? '';
    const perTeam: Record<string, number> = {};
    for (const [service, count] of Object.entries(expected.deployments))
      perTeam[teamOf(service)] = (perTeam[teamOf(service)] ?? 0) + count;
    expect(Object.keys(perTeam).length).toBeGreaterThanOrEqual(2);
    const byTeam = await query(`sum by (team) (tracey_dora_deployments${production})`);
    expect(
      Object.fromEntries(byTeam.map((sample) => [sample.metric['team'] ?? '', Number(sample.value[1])])),
    ).toEqual(perTeam);
    // A service in two teams counts in each through the membership series.
    const perEveryTeam: Record<string, number> = {};
    for (const [service, count] of Object.entries(expected.deployments))
      for (const team of TEAMS.filter((entry) => entry.services.includes(service)))
        perEveryTeam[team.name] = (perEveryTeam[team.name] ?? 0) + count;
    expect(expected.deployments['svc-01']).toBeGreaterThan(0);
    const joined = await query(
      `sum by (team) (sum by (service) (tracey_dora_deployments${production}) * on (service) group_right tracey_dora_team_service{job="tracey-api"})`,
    );
    expect(
      Object.fromEntries(joined.map((sample) => [sample.metric['team'] ?? '', Number(sample.value[1])])),
    ).toEqual(perEveryTeam);
    // What a dashboard asks: the change failure rate of the window, per service.
    const cfr = byService(
      await query(`tracey_dora_failed_deployments${production} / tracey_dora_deployments${production}`),
    );
    for (const [service, deployments] of Object.entries(expected.deployments))
      expect(cfr[service]).toBeCloseTo((expected.failed[service] ?? 0) / deployments, 9);
  }, 120_000);
});
