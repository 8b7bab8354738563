import { createCounter, createGauge, createMetricsRegistry } from '@tracey/http-kit';

/**
 * The adapter's series, in a registry that also holds the process's (`process_resident_memory_bytes`,
 * `nodejs_eventloop_lag_seconds`, …). Labels come from closed sets (phases, error codes), never from input.
 */
export function createAdapterMetrics(registry = createMetricsRegistry()) {
  return {
    registry,
    notifications: createCounter(
      registry,
      'tracey_adapter_notifications_total',
      'Jenkins notifications accepted, by phase.',
      ['phase'],
    ),
    published: createCounter(
      registry,
      'tracey_adapter_events_published_total',
      'Events the broker confirmed, by route (notification, submission).',
      ['route'],
    ),
    spooled: createCounter(
      registry,
      'tracey_adapter_events_spooled_total',
      'Events the broker did not confirm that were written to the durable spool, by route.',
      ['route'],
    ),
    spoolEvents: createGauge(
      registry,
      'tracey_adapter_spool_events',
      'Events waiting in the durable spool for the broker.',
    ),
    spoolBytes: createGauge(registry, 'tracey_adapter_spool_bytes', 'Bytes of the durable spool.'),
    spoolOldestAge: createGauge(
      registry,
      'tracey_adapter_spool_oldest_age_seconds',
      'Age of the oldest event waiting in the durable spool (0: none waits).',
    ),
    rejectedEvents: createCounter(
      registry,
      'tracey_adapter_events_rejected_total',
      'Submitted events refused as invalid.',
    ),
    rejectedRequests: createCounter(
      registry,
      'tracey_adapter_requests_rejected_total',
      'Requests answered with an error, by code.',
      ['code'],
    ),
  };
}

export type AdapterMetrics = ReturnType<typeof createAdapterMetrics>;
