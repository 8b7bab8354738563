import { Counter, Gauge } from '@tracey/aggregator';
import type { AdapterExtension } from '../adapter-extension.js';
import { TriggerService, type TriggerServiceOptions } from './trigger-service.js';
import { triggerRoutes } from './triggers.routes.js';

/** The triggers as a module of the adapter: their routes and metrics, and the consumer's lifecycle. */
export interface TriggersExtension extends AdapterExtension {
  readonly service: TriggerService;
}

/**
 * Plugs the broker-triggered jobs into the adapter's app (`buildApp({ extensions })`): the
 * history, failed and replay routes, metrics of decisions, parked triggers and replays; the consumer starts with the app (a bad rules file
 * stops it from starting) and stops with it.
 */
export function triggersExtension(options: TriggerServiceOptions): TriggersExtension {
  const service = new TriggerService(options);
  return {
    name: 'triggers',
    service,
    routes: (app, context) => {
      const decisions = context.metrics.registry.register(
        new Counter(
          'tracey_adapter_trigger_decisions_total',
          'Trigger decisions, by decision (matched, not-matched, fired, retrying, failed, skipped-duplicate).',
        ),
      );
      service.observe((entry) => decisions.inc(1, { decision: entry.decision }));
      const parked = context.metrics.registry.register(
        new Gauge(
          'tracey_adapter_triggers_parked',
          'Triggers parked after failing (GET /triggers/failed); alert when above 0.',
        ),
      );
      service.observeParked((count) => parked.set(count));
      const replays = context.metrics.registry.register(
        new Counter('tracey_adapter_trigger_replays_total', 'Parked triggers replayed, by outcome.'),
      );
      triggerRoutes(app, {
        triggers: service,
        guard: context.guard('token'),
        onReplayed: (result) => replays.inc(1, { outcome: result.outcome }),
      });
    },
    start: () => service.start(),
    stop: () => service.stop(),
    ready: () => service.ready,
  };
}
