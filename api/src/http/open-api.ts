import type { FastifyInstance } from 'fastify';
import { registerOpenApi as registerKitOpenApi } from '@tracey/http-kit';

/** Version of the API the OpenAPI document describes. */
export const API_VERSION = '0.1.0';

/** OpenAPI 3 at `/openapi.json` and Swagger UI at `/docs` (see the kit's `registerOpenApi`). */
export function registerOpenApi(app: FastifyInstance): void {
  registerKitOpenApi(app, {
    title: 'Tracey query API',
    version: API_VERSION,
    description:
      'Trace-down, trace-up, lead time and an Eiffel Event Repository compatible search over the ' +
      'Tracey event graph. Reads take a bearer token when TRACEY_API_READ_AUTH=required; POST /cypher ' +
      'always does. Errors: {"error": {"code", "message", "details"}}.',
    uiPrefix: '/docs',
  });
}
