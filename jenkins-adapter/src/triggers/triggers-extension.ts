import type { AdapterExtension } from '../adapter-extension.js';
import { TriggerService, type TriggerServiceOptions } from './trigger-service.js';
import { triggerRoutes } from './triggers.routes.js';

/** The triggers as a module of the adapter: `GET /triggers/history`, and the consumer's lifecycle. */
export interface TriggersExtension extends AdapterExtension {
  readonly service: TriggerService;
}

/**
 * Plugs the broker-triggered jobs into the adapter's app (`buildApp({ extensions })`): the
 * consumer starts with the app (a bad rules file stops it from starting) and stops with it.
 */
export function triggersExtension(options: TriggerServiceOptions): TriggersExtension {
  const service = new TriggerService(options);
  return {
    name: 'triggers',
    service,
    routes: (app, context) => triggerRoutes(app, { triggers: service, guard: context.guard('token') }),
    start: () => service.start(),
    stop: () => service.stop(),
    ready: () => service.ready,
  };
}
