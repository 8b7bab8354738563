import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort, testServices } from '@tracey/testing';
import { buildWebhookAdapter, spawnWebhookAdapter } from '@tracey/webhook-adapter/testing';

describe('tracey-webhook-adapter process', () => {
  const services = testServices();

  beforeAll(() => buildWebhookAdapter(), 180_000);

  it('exits 2 naming every bad variable, never showing the token', async () => {
    const adapter = spawnWebhookAdapter({ TRACEY_WEBHOOK_PORT: '0', TRACEY_MAX_EVENT_BYTES: 'many' });
    expect(await adapter.exited).toBe(2);
    expect(adapter.stderr()).toContain('TRACEY_WEBHOOK_TOKEN: is required');
    expect(adapter.stderr()).toContain('TRACEY_WEBHOOK_PORT: must be an integer from 1 to 65535');
    expect(adapter.stderr()).toContain('TRACEY_MAX_EVENT_BYTES');
  });

  it('exits 2 with the reason when TRACEY_MAPPERS_FILE is invalid, no stack trace', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tracey-webhook-mappers-')), 'mappers.yaml');
    writeFileSync(file, 'mappers: [ { name: x } ]\n');
    const adapter = spawnWebhookAdapter({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_WEBHOOK_TOKEN: 'process-test-token',
      TRACEY_WEBHOOK_PORT: String(await freePort()),
      TRACEY_MAPPERS_FILE: file,
    });
    expect(await adapter.exited).toBe(2);
    expect(adapter.stderr()).toContain(file);
    expect(adapter.output()).not.toMatch(/\n\s+at /);
    expect(adapter.output()).not.toContain('process-test-token');
  });
});
