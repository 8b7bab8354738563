import { Counter, MetricsRegistry } from '@tracey/aggregator';

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
    rejectedEvents: registry.register(
      new Counter('tracey_adapter_events_rejected_total', 'Submitted events refused as invalid.'),
    ),
    rejectedRequests: registry.register(
      new Counter('tracey_adapter_requests_rejected_total', 'Requests answered with an error, by code.'),
    ),
  };
}

export type AdapterMetrics = ReturnType<typeof createAdapterMetrics>;
