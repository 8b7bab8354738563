import swagger from '@fastify/swagger';
import type {
  FastifyInstance,
  FastifySchema,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
} from 'fastify';
import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import { isZodSchema, openApiRouteSchema, zodJsonSchema } from '@tracey/common';
import { parseInput } from '@tracey/http-kit';

/** Version of the adapter's HTTP interface the OpenAPI document describes. */
export const ADAPTER_API_VERSION = '0.1.0';

/**
 * What a request part is called in error messages when not its part's name (`invalid
 * notification: build.phase: …`): register the part's schema here.
 */
export const inputNames = z.registry<{ readonly name: string }>();

// What each part of a request is called in error messages, unless its schema is named.
const PART_NAMES: Readonly<Record<string, string>> = { params: 'path', querystring: 'query', body: 'body' };

/**
 * Validates a request part with the route's zod schema, once: the handler gets the parsed value,
 * typed by `ZodTypeProvider`. A refusal is `ADAPTER_BAD_REQUEST` naming the part and every issue.
 * A request without a body is validated as `undefined`, as the handlers read `request.body`
 * (fastify hands a validator `null` for it).
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

/** Serializes a reply with fast-json-stringify from the response schema of its status. */
export const zodSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  if (!isZodSchema(schema)) return (data) => JSON.stringify(data);
  const serialize: (data: unknown) => string = fastJson(
    zodJsonSchema(schema, 'output') as fastJson.AnySchema,
  );
  return serialize;
};

/**
 * OpenAPI 3 at `/openapi.json`. Every route registered after this — in a later `register` — is
 * documented, its zod schemas converted to JSON Schema; zod schemas also validate requests and
 * serialize replies.
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tracey Jenkins adapter',
        version: ADAPTER_API_VERSION,
        description:
          'Jenkins Notification plugin JSON and Eiffel events in, Eiffel events out on the broker; the ' +
          'broker-triggered jobs. Writes take TRACEY_ADAPTER_TOKEN as a bearer token. Errors: ' +
          '{"error": {"code", "message", "details"}}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // Routes without a schema come with `schema` undefined, whatever the type says.
    transform: ({ schema, url }) => ({
      schema: (schema as FastifySchema | undefined) === undefined ? schema : openApiRouteSchema(schema),
      url,
    }),
  });
  app.register((instance, _options, done) => {
    instance.get('/openapi.json', { schema: { hide: true } }, () => instance.swagger());
    done();
  });
}
