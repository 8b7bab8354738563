import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../errors/parse-input.js';
import { isZodSchema, openApiRouteSchema } from './zod-json-schema.js';

export interface OpenApiOptions {
  readonly title: string;
  /** Version of the HTTP interface the document describes. */
  readonly version: string;
  readonly description: string;
  /** Where Swagger UI answers (its assets from the installed package); none without. */
  readonly uiPrefix?: string;
}

/**
 * What a request part is called in error messages when not its part's name (`invalid
 * notification: build.phase: …`): register the part's schema here.
 */
export const inputNames = z.registry<{ readonly name: string }>();

// What each part of a request is called in error messages, unless its schema is named.
const PART_NAMES: Readonly<Record<string, string>> = {
  params: 'path',
  querystring: 'query',
  body: 'body',
  headers: 'headers',
};

/**
 * Validates a request part with the route's zod schema, once: the handler gets the parsed value,
 * typed by `ZodTypeProvider` (defaults applied, lists split). A refusal is the service's bad-request
 * code naming the part and every issue, as {@link parseInput} words it. A request without a body
 * is validated as `undefined` (fastify hands a validator `null` for it).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (!isZodSchema(schema)) return (data: unknown) => ({ value: data });
  const where = inputNames.get(schema)?.name ?? PART_NAMES[httpPart ?? ''] ?? httpPart ?? 'request';
  return (data: unknown) => {
    try {
      return { value: parseInput(schema, httpPart === 'body' && data === null ? undefined : data, where) };
    } catch (error) {
      return { error: error as Error };
    }
  };
};

/**
 * OpenAPI 3 at `/openapi.json` (and Swagger UI at `uiPrefix`). Every route registered after this —
 * in a later `register` — is documented, its zod schemas (`params`, `querystring`, `body`,
 * `headers`, `response`) converted to JSON Schema; zod schemas also validate requests.
 */
export function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): void {
  app.setValidatorCompiler(zodValidatorCompiler);
  // Replies are JSON.stringify'd, not serialized from their response schemas: on a trace report of
  // 100,000 events fast-json-stringify took 2.2 times and zod's parse + JSON.stringify 1.5 times as
  // long (Node 24). The schemas type what the handlers answer (ZodTypeProvider), and each
  // service's documented-answers test checks its answers on the wire against them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: options.title, version: options.version, description: options.description },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Routes without a schema come with `schema` undefined, whatever the type says.
    transform: ({ schema, url }) => ({
      schema: (schema as FastifySchema | undefined) === undefined ? schema : openApiRouteSchema(schema),
      url,
    }),
  });
  if (options.uiPrefix !== undefined) app.register(swaggerUi, { routePrefix: options.uiPrefix });
  app.register((instance, _options, done) => {
    instance.get('/openapi.json', { schema: { hide: true } }, () => instance.swagger());
    done();
  });
}
