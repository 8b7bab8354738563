import { createCounter, createGauge } from '@tracey/http-kit';
import type { AdapterPlugin } from '../routes/route-context.js';
import { TriggerService, type TriggerServiceOptions } from './trigger-service.js';
import { triggerRoutes } from './triggers.routes.js';

/** The triggers as a plugin of the adapter, with the service behind it (SIGHUP reloads its rules). */
export type TriggersPlugin = AdapterPlugin & { readonly service: TriggerService };

/**
 * The broker-triggered jobs as a fastify plugin of the adapter (`buildApp({ plugins })`): the
 * history, failed and replay routes; metrics of decisions, parked triggers and replays; `/ready`
 * waits for the consumer. The consumer starts when the app gets ready (a bad rules file stops
 * it from starting) and stops when it closes.
 */
const AUDITED: ReadonlySet<string> = new Set(['fired', 'failed', 'parked']);

export function triggersPlugin(options: TriggerServiceOptions): TriggersPlugin {
  const service = new TriggerService(options);
  const plugin: AdapterPlugin = (app, { context }, done) => {
    const { registry } = context.metrics;
    const decisions = createCounter(
      registry,
      'tracey_adapter_trigger_decisions_total',
      'Trigger decisions, by decision (matched, not-matched, fired, retrying, failed, skipped-duplicate).',
      ['decision'],
    );
    service.observe((entry) => decisions.inc({ decision: entry.decision }));
    // What a trigger did — a job started, one that failed or was parked — goes to the audit trail.
    service.observe((entry) => {
      if (!AUDITED.has(entry.decision)) return;
      context.audit?.record({
        kind: 'trigger',
        actor: null,
        rule: entry.rule,
        eventId: entry.eventId,
        eventType: entry.eventType,
        decision: entry.decision,
        reason: entry.reason,
        ...(entry.attempt === undefined ? {} : { attempt: entry.attempt }),
      });
    });
    const parked = createGauge(
      registry,
      'tracey_adapter_triggers_parked',
      'Triggers parked after failing (GET /triggers/failed); alert when above 0.',
    );
    service.observeParked((count) => parked.set(count));
    const replays = createCounter(
      registry,
      'tracey_adapter_trigger_replays_total',
      'Parked triggers replayed, by outcome.',
      ['outcome'],
    );
    triggerRoutes(app, {
      triggers: service,
      guard: context.guard('trigger'),
      onReplayed: (result) => replays.inc({ outcome: result.outcome }),
    });
    context.addReadyCheck('triggers', () => service.ready);
    app.addHook('onReady', () => service.start());
    app.addHook('onClose', async () => {
      // One that fails to stop does not keep the rest of the adapter running.
      await service.stop().catch((error: unknown) => {
        context.logger.error({ err: error, plugin: 'triggers' }, 'triggers failed to stop');
      });
    });
    done();
  };
  return Object.assign(plugin, { service });
}
