import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { isZodSchema, openApiRouteSchema } from '@tracey/common';
import { parseInput } from '@tracey/http-kit';

/** Version of the API the OpenAPI document describes. */
export const API_VERSION = '0.1.0';

// What each part of a request is called in error messages (as the handlers' parseInput says).
const PART_NAMES: Readonly<Record<string, string>> = {
  params: 'path',
  querystring: 'query',
  body: 'body',
  headers: 'headers',
};

/**
 * Validates a request part with the route's zod schema, once: the handler gets the parsed value,
 * typed by `ZodTypeProvider` (defaults applied, lists split). A refusal is `API_BAD_REQUEST`
 * naming the part and every issue, as {@link parseInput} words it.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const where = PART_NAMES[httpPart ?? ''] ?? httpPart ?? 'request';
  return (data: unknown) => {
    if (!isZodSchema(schema)) return { value: data };
    try {
      return { value: parseInput(schema, data, where) };
    } catch (error) {
      return { error: error as Error };
    }
  };
};

/**
 * OpenAPI 3 at `/openapi.json` and Swagger UI at `/docs` (assets from the installed package,
 * nothing fetched at run time). Every route registered after this — in a later `register` —
 * is documented, its zod schemas (`params`, `querystring`, `body`, `headers`, `response`)
 * converted to JSON Schema; zod schemas also validate requests (see {@link zodValidatorCompiler}).
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.setValidatorCompiler(zodValidatorCompiler);
  // Replies are JSON.stringify'd, not serialized from their response schemas: on a trace report of
  // 100,000 events fast-json-stringify took 2.2 times and zod's parse + JSON.stringify 1.5 times as
  // long (Node 24). The schemas type what the handlers answer (ZodTypeProvider), and
  // api/test/documented-answers.test.ts checks the answers on the wire against them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tracey query API',
        version: API_VERSION,
        description:
          'Trace-down, trace-up, lead time and an Eiffel Event Repository compatible search over the ' +
          'Tracey event graph. Reads take a bearer token when TRACEY_API_READ_AUTH=required; POST /cypher ' +
          'always does. Errors: {"error": {"code", "message", "details"}}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Routes without a schema come with `schema` undefined, whatever the type says.
    transform: ({ schema, url }) => ({
      schema: (schema as FastifySchema | undefined) === undefined ? schema : openApiRouteSchema(schema),
      url,
    }),
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  app.register((instance, _options, done) => {
    instance.get('/openapi.json', { schema: { hide: true } }, () => instance.swagger());
    done();
  });
}
