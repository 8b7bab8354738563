import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { parseInput } from '@tracey/http-kit';

/** Version of the API the OpenAPI document describes. */
export const API_VERSION = '0.1.0';

const INPUT_PARTS = ['params', 'querystring', 'body', 'headers'] as const;

// What each part of a request is called in error messages (as the handlers' parseInput says).
const PART_NAMES: Readonly<Record<string, string>> = {
  params: 'path',
  querystring: 'query',
  body: 'body',
  headers: 'headers',
};

function isZod(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' });
}

/**
 * Validates a request part with the route's zod schema, answering `API_BAD_REQUEST` as the
 * handlers' `parseInput` would, but leaves the value as it came: handlers parse it themselves
 * into their typed input, and a transformed value would not parse twice.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const where = PART_NAMES[httpPart ?? ''] ?? httpPart ?? 'request';
  return (data: unknown) => {
    if (!isZod(schema)) return { value: data };
    try {
      parseInput(schema, data, where);
      return { value: data };
    } catch (error) {
      return { error: error as Error };
    }
  };
};

/** A route schema with its zod members turned into JSON Schema, for the OpenAPI document. */
export function openApiSchema(schema: FastifySchema): FastifySchema {
  const converted: Record<string, unknown> = { ...schema };
  for (const part of INPUT_PARTS) {
    const value = schema[part];
    if (isZod(value)) converted[part] = jsonSchema(value, 'input');
  }
  if (typeof schema.response === 'object' && schema.response !== null) {
    converted['response'] = Object.fromEntries(
      Object.entries(schema.response).map(([status, value]) => [
        status,
        isZod(value) ? jsonSchema(value, 'output') : value,
      ]),
    );
  }
  return converted;
}

/**
 * OpenAPI 3 at `/openapi.json` and Swagger UI at `/docs` (assets from the installed package,
 * nothing fetched at run time). Every route registered after this — in a later `register` —
 * is documented, its zod schemas (`params`, `querystring`, `body`, `headers`, `response`)
 * converted to JSON Schema; zod schemas also validate requests (see {@link zodValidatorCompiler}).
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.setValidatorCompiler(zodValidatorCompiler);
  // Response schemas document; replies are plain JSON.
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
      schema: (schema as FastifySchema | undefined) === undefined ? schema : openApiSchema(schema),
      url,
    }),
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  app.register((instance, _options, done) => {
    instance.get('/openapi.json', { schema: { hide: true } }, () => instance.swagger());
    done();
  });
}
