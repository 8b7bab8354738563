import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAggregatorMetrics } from '@tracey/aggregator';

const doc = readFileSync(fileURLToPath(new URL('../docs/aggregator.md', import.meta.url)), 'utf8');

describe('docs/aggregator.md', () => {
  // Every series the worker serves, read from its own Prometheus text.
  const served = new Set(
    [
      ...createAggregatorMetrics()
        .registry.render()
        .matchAll(/^# TYPE (\S+) (\S+)$/gm),
    ].map((match) => `${match[1]} ${match[2]}`),
  );
  const documented = new Set(
    [...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(counter|gauge|histogram)\s*\|/gm)].map(
      (match) => `${match[1]} ${match[2]}`,
    ),
  );

  it('lists every series of the aggregator with its kind, and no other', () => {
    expect(served.size).toBeGreaterThan(10);
    expect([...served].sort()).toEqual([...documented].sort());
  });
});
