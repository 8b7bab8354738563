import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pino } from 'pino';
import { buildApp } from '@tracey/api';

// Issue 20: Grafana is not reachable here, so the DORA dashboard is checked statically: every
// series its queries name is one the query API's /metrics exposes (read from the API itself, not a
// list kept beside it), its datasource is the one compose provisions, and compose mounts it.

const root = fileURLToPath(new URL('../', import.meta.url));
const dashboard = JSON.parse(readFileSync(`${root}deploy/grafana/dashboards/tracey-dora.json`, 'utf8')) as {
  uid: string;
  panels: {
    title: string;
    datasource: { uid: string };
    targets: { expr: string; datasource: { uid: string } }[];
  }[];
  templating: { list: { name: string; query: { query: string } }[] };
};

/** Series names in a PromQL expression: identifiers followed by `{`, `[` or `)` that are no function. */
function seriesOf(expr: string): string[] {
  const functions = new Set([
    'sum',
    'by',
    'scalar',
    'histogram_quantile',
    'min',
    'max',
    'rate',
    'label_values',
    'le',
  ]);
  return [...expr.matchAll(/\b([a-z_][a-z0-9_]*)\b(?=\s*(\{|\[|\)|\s*\/|$|,))/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => name.startsWith('tracey_') && !functions.has(name));
}

describe('the Grafana DORA dashboard', () => {
  it('asks only for series the query API exposes', async () => {
    // The graph is never reached: the DORA computation fails, and /metrics still lists every series.
    const unreachable = () => Promise.reject(new Error('no graph in this test'));
    const app = buildApp({
      graph: {
        ping: unreachable,
        read: unreachable,
        missingLinkTargets: unreachable,
        close: () => Promise.resolve(),
      },
      config: { apiToken: undefined, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
      ui: false,
      doraMetrics: { windowMs: 30 * 86_400_000, intervalMs: 0 },
    });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    await app.close();
    const exposed = new Set<string>();
    for (const [, name, type] of metrics.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exposed.add(name ?? '');
      if (type === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(`${name}${suffix}`);
    }
    expect(metrics).toMatch(/^tracey_dora_up 0$/m);

    const asked = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) for (const series of seriesOf(target.expr)) asked.add(series);
    }
    for (const variable of dashboard.templating.list)
      for (const series of seriesOf(variable.query.query)) asked.add(series);
    // Not vacuous: the five keys' series are asked for.
    expect([...asked]).toEqual(
      expect.arrayContaining([
        'tracey_dora_successful_deployments',
        'tracey_dora_lead_time_seconds_bucket',
        'tracey_dora_failed_deployments',
        'tracey_dora_deployments',
        'tracey_dora_recovery_time_seconds_bucket',
        'tracey_dora_rework_deployments',
      ]),
    );
    expect([...asked].filter((series) => !exposed.has(series))).toEqual([]);
  });

  it('uses the datasource compose provisions, and compose mounts it', () => {
    const datasources = parse(
      readFileSync(`${root}deploy/grafana/provisioning/datasources/prometheus.yml`, 'utf8'),
    ) as { datasources: { uid: string; url: string }[] };
    const uid = datasources.datasources[0]?.uid;
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe(uid);
      for (const target of panel.targets) expect(target.datasource.uid).toBe(uid);
    }
    const compose = readFileSync(`${root}docker-compose.yml`, 'utf8');
    expect(compose).toContain('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
    expect(compose).toContain('./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    const scrape = readFileSync(`${root}deploy/prometheus/prometheus.yml`, 'utf8');
    expect(scrape).toContain("'api:8080'");
  });
});
