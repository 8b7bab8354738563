import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDoraHistory } from '@tracey/dora/testing';
import { freePort, testServices } from '@tracey/testing';
import { DoraOracle } from './support/independent-dora.js';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

// Issue 20: the DORA series pushed over OTLP (OTLP/HTTP, JSON, the OpenTelemetry SDK's exporter)
// to a collector — here a local HTTP endpoint that keeps what it receives — carry per service the
// figures the independent computation over the same history gives.

const DAY = 86_400_000;

interface DataPoint {
  attributes: { key: string; value: { stringValue?: string } }[];
  asInt?: number | string;
  asDouble?: number;
}
interface Export {
  resourceMetrics: {
    scopeMetrics: { metrics: { name: string; gauge?: { dataPoints: DataPoint[] } }[] }[];
  }[];
}

describe('DORA series pushed over OTLP', () => {
  const services = testServices();
  const history = generateDoraHistory({ services: 5, days: 70, seed: 41 });
  const oracle = new DoraOracle(history.events);
  const windowMs = 40 * DAY;
  const until = history.end;
  const received: Export[] = [];
  let collector: Server;
  let api: QueryApiHarness;

  beforeAll(async () => {
    const port = await freePort();
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/metrics' && String(request.headers['content-type']).includes('json'))
          received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Export);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(port, '127.0.0.1', resolve));
    api = await startQueryApi(services, {
      raw: history.written,
      now: () => until,
      doraMetrics: { windowMs, intervalMs: 0 },
      doraOtlp: { url: `http://127.0.0.1:${port}/v1/metrics`, intervalMs: 500 },
    });
  }, 300_000);

  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => collector?.close(resolve));
  });

  /** The newest export's values of `name`, by service. */
  const latest = (name: string): Record<string, number> => {
    for (const body of [...received].reverse()) {
      const points = body.resourceMetrics
        .flatMap((resource) => resource.scopeMetrics)
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.name === name)
        .flatMap((metric) => metric.gauge?.dataPoints ?? []);
      if (points.length === 0) continue;
      return Object.fromEntries(
        points.map((point) => [
          point.attributes.find((attribute) => attribute.key === 'service')?.value.stringValue ?? '',
          Number(point.asDouble ?? point.asInt),
        ]),
      );
    }
    return {};
  };

  it('carries per service what the independent computation gives', async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && Object.keys(latest('tracey.dora.deployments')).length === 0)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(latest('tracey.dora.up')).toEqual({ '': 1 });

    const all = oracle.compute({ since: until - windowMs, until });
    const expected = { deployments: {}, failed: {}, sample: {}, median: {} } as Record<
      string,
      Record<string, number>
    >;
    for (const service of new Set(all.deployments.map((deployment) => deployment.service))) {
      const result = oracle.compute({ since: until - windowMs, until, service });
      expected['deployments']![service] = result.keys.deploymentFrequency.deployments;
      expected['failed']![service] = result.keys.changeFailureRate.failed;
      const lead = result.deployments
        .flatMap((d) => d.changes.filter((c) => c.counted).map((c) => c.leadTimeMs / 1000))
        .sort((a, b) => a - b);
      expected['sample']![service] = lead.length;
      // Nearest rank, as the API's statistics: the smallest value with half the values at or below it.
      if (lead.length > 0) expected['median']![service] = lead[Math.ceil(lead.length / 2) - 1] as number;
    }
    expect(Object.keys(expected['deployments']!).length).toBeGreaterThanOrEqual(4);
    expect(latest('tracey.dora.deployments')).toEqual(expected['deployments']);
    expect(latest('tracey.dora.failed_deployments')).toEqual(expected['failed']);
    expect(latest('tracey.dora.lead_time.sample')).toEqual(expected['sample']);
    expect(latest('tracey.dora.lead_time.median')).toEqual(expected['median']);
  }, 120_000);
});
