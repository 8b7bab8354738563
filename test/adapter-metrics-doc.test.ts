import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@tracey/common';
import { MemoryOutput } from '@tracey/producer-core/testing';
import {
  buildApp,
  createAdapterMetrics,
  DEFAULT_PURL_TEMPLATE,
  EventPublisher,
  triggersPlugin,
} from '@tracey/jenkins-adapter';
import { createMetricsRegistry } from '@tracey/http-kit';

const doc = readFileSync(fileURLToPath(new URL('../docs/jenkins.md', import.meta.url)), 'utf8');

describe('docs/jenkins.md', () => {
  it('lists every series the adapter serves, the triggers and the spool included, and no other', async () => {
    const logger = createLogger({ name: 'metrics-doc', level: 'silent' });
    const metrics = createAdapterMetrics();
    // The triggers register their series when the app loads its plugins; nothing is started.
    const triggers = triggersPlugin({
      amqpUrl: 'amqp://127.0.0.1:1',
      exchange: 'unused',
      queue: 'unused',
      rulesFile: 'unused.yaml',
      stateDir: 'unused',
      env: {},
      api: { url: 'http://127.0.0.1:1/', token: undefined },
      logger,
    });
    const app = buildApp({
      config: { adapterToken: 'metrics-doc-token', purlTemplate: DEFAULT_PURL_TEMPLATE },
      logger,
      metrics,
      publisher: new EventPublisher(new MemoryOutput()),
      sourceChanges: { find: () => Promise.resolve(undefined) },
      brokerReady: () => Promise.resolve(),
      plugins: [triggers],
    });
    await app.after();
    // The adapter's own series: its registry less the process's, which every service has.
    const series = async (text: Promise<string>) =>
      [...(await text).matchAll(/^# TYPE (\S+) \S+$/gm)].map((match) => match[1]);
    const processSeries = new Set(await series(createMetricsRegistry().metrics()));
    const served = new Set(
      (await series(metrics.registry.metrics())).filter((name) => !processSeries.has(name)),
    );
    const operations = doc.slice(doc.indexOf('`/metrics` (Prometheus text format)'));
    const documented = new Set(
      [...operations.matchAll(/^\|\s*`(tracey_adapter_[a-z_]+)(?:\{[a-z_,]+\})?`\s*\|/gm)].map(
        (match) => match[1],
      ),
    );
    expect(served.size).toBeGreaterThan(8);
    expect([...served].sort()).toEqual([...documented].sort());
    await app.close();
  });
});
