import { createCounter, createGauge, createMetricsRegistry } from '@tracey/http-kit';

/**
 * The webhook adapter's series, in a registry that also holds the process's. Labels come from
 * closed sets (outcomes, error codes), never from input.
 */
export function createWebhookMetrics(registry = createMetricsRegistry()) {
  return {
    registry,
    cloudEvents: createCounter(
      registry,
      'tracey_webhook_cloudevents_total',
      'CloudEvents received, by outcome (mapped, ignored, rejected).',
      ['outcome'],
    ),
    webhooks: createCounter(
      registry,
      'tracey_webhook_deliveries_total',
      'Forge webhook deliveries whose signature or token checked out and DORA REST calls, by source (github, gitlab, jira, em-metrics, devlake, devopstic).',
      ['source'],
    ),
    published: createCounter(
      registry,
      'tracey_webhook_events_published_total',
      'CDEvents the broker confirmed.',
    ),
    spooled: createCounter(
      registry,
      'tracey_webhook_events_spooled_total',
      'CDEvents the broker did not confirm that were written to the durable spool.',
    ),
    spoolEvents: createGauge(registry, 'tracey_webhook_spool_events', 'Events waiting in the durable spool.'),
    spoolBytes: createGauge(registry, 'tracey_webhook_spool_bytes', 'Bytes of the durable spool.'),
    rejectedRequests: createCounter(
      registry,
      'tracey_webhook_requests_rejected_total',
      'Requests answered with an error, by code.',
      ['code'],
    ),
  };
}

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;
