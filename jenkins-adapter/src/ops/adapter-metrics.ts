import { Counter, Gauge, MetricsRegistry } from '@tracey/aggregator';

/** The adapter's series. Labels come from closed sets (phases, error codes), never from input. */
export function createAdapterMetrics(registry = new MetricsRegistry()) {
  return {
    registry,
    notifications: registry.register(
      new Counter('tracey_adapter_notifications_total', 'Jenkins notifications accepted, by phase.'),
    ),
    published: registry.register(
      new Counter(
        'tracey_adapter_events_published_total',
        'Events the broker confirmed, by route (notification, submission).',
      ),
    ),
    spooled: registry.register(
      new Counter(
        'tracey_adapter_events_spooled_total',
        'Events the broker did not confirm that were written to the durable spool, by route.',
      ),
    ),
    spoolEvents: registry.register(
      new Gauge('tracey_adapter_spool_events', 'Events waiting in the durable spool for the broker.'),
    ),
    spoolBytes: registry.register(new Gauge('tracey_adapter_spool_bytes', 'Bytes of the durable spool.')),
    spoolOldestAge: registry.register(
      new Gauge(
        'tracey_adapter_spool_oldest_age_seconds',
        'Age of the oldest event waiting in the durable spool (0: none waits).',
      ),
    ),
    rejectedEvents: registry.register(
      new Counter('tracey_adapter_events_rejected_total', 'Submitted events refused as invalid.'),
    ),
    rejectedRequests: registry.register(
      new Counter('tracey_adapter_requests_rejected_total', 'Requests answered with an error, by code.'),
    ),
  };
}

export type AdapterMetrics = ReturnType<typeof createAdapterMetrics>;
