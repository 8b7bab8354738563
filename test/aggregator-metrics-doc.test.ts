import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAggregatorMetrics } from '@tracey/aggregator';
import { createMetricsRegistry } from '@tracey/http-kit';

const doc = readFileSync(fileURLToPath(new URL('../docs/aggregator.md', import.meta.url)), 'utf8');

describe('docs/aggregator.md', () => {
  // Every series of the worker's own, read from its Prometheus text less the process's series.
  const series = async (text: Promise<string>) =>
    [...(await text).matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
  const served = async () => {
    const processSeries = new Set(await series(createMetricsRegistry().metrics()));
    const own = await series(createAggregatorMetrics().registry.metrics());
    return new Set(own.filter((entry) => !processSeries.has(entry)));
  };
  const documented = new Set(
    [...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(counter|gauge|histogram)\s*\|/gm)].map(
      (match) => `${match[1]} ${match[2]}`,
    ),
  );

  it('lists every series of the aggregator with its kind, and no other', async () => {
    const own = await served();
    expect(own.size).toBeGreaterThan(10);
    expect([...own].sort()).toEqual([...documented].sort());
  });
});
