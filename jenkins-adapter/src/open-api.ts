import type { FastifyInstance } from 'fastify';
import { registerOpenApi as registerKitOpenApi } from '@tracey/http-kit';

/** Version of the adapter's HTTP interface the OpenAPI document describes. */
export const ADAPTER_API_VERSION = '0.1.0';

/** OpenAPI 3 at `/openapi.json` (see the kit's `registerOpenApi`). */
export function registerOpenApi(app: FastifyInstance): void {
  registerKitOpenApi(app, {
    title: 'Tracey Jenkins adapter',
    version: ADAPTER_API_VERSION,
    description:
      'Jenkins Notification plugin JSON and Eiffel events in, Eiffel events out on the broker; the ' +
      'broker-triggered jobs. Writes take TRACEY_ADAPTER_TOKEN as a bearer token. Errors: ' +
      '{"error": {"code", "message", "details"}}.',
  });
}
