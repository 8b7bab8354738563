import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildWorkspace, spawnService, type ServiceProcess } from '@tracey/testing';

/** Builds the webhook adapter's `dist/` (incremental; CI has built it already). */
export function buildWebhookAdapter(): void {
  buildWorkspace('webhook-adapter');
}

/** A spawned webhook adapter: what it wrote is kept for the test to read. */
export type WebhookAdapterProcess = ServiceProcess;

/**
 * `tracey-webhook-adapter` as deployed: `node webhook-adapter/dist/main.js`, with a spool
 * directory of its own (never the working directory's, where another run's leftovers wait).
 */
export function spawnWebhookAdapter(env: Record<string, string>, logLevel = 'warn'): WebhookAdapterProcess {
  return spawnService('webhook-adapter/dist/main.js', {
    TRACEY_LOG_LEVEL: logLevel,
    TRACEY_WEBHOOK_SPOOL_DIR: mkdtempSync(`${tmpdir()}/tracey-test-webhook-spool-`),
    // Tests send hundreds of requests a second through one token; rate limits have tests of their own.
    TRACEY_RATE_LIMIT: '0',
    ...env,
  });
}
