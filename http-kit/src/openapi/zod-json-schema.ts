import { z } from 'zod';

// Route schemas are zod; OpenAPI documents and fast-json-stringify take JSON Schema. One
// conversion for every service, so what a document shows is what a reply is serialized with.

/** Whether `schema` is a zod schema (a route may also carry plain JSON Schema). */
export function isZodSchema(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

/**
 * A zod schema as OpenAPI 3.0 JSON Schema: what a request may hold (`input`: before defaults and
 * transforms) or what an answer holds (`output`).
 */
export function zodJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return withNullInEnums(
    z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }),
  ) as Record<string, unknown>;
}

// OpenAPI 3.0 takes a nullable enum's null only when the enum lists it; zod leaves it out.
function withNullInEnums(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    for (const item of node) withNullInEnums(item);
    return node;
  }
  const schema = node as Record<string, unknown>;
  const values = schema['enum'];
  if (schema['nullable'] === true && Array.isArray(values) && !values.includes(null)) values.push(null);
  for (const value of Object.values(schema)) withNullInEnums(value);
  return node;
}

/**
 * A route schema (`params`, `querystring`, `body`, `headers`, `response`) with its zod members
 * turned into JSON Schema, for the OpenAPI document; other members pass as they are.
 */
export function openApiRouteSchema<S extends object>(schema: S): S {
  const parts = schema as Readonly<Record<string, unknown>>;
  const converted: Record<string, unknown> = { ...parts };
  for (const part of ['params', 'querystring', 'body', 'headers'] as const) {
    const value = parts[part];
    if (isZodSchema(value)) converted[part] = zodJsonSchema(value, 'input');
  }
  const response = parts['response'];
  if (typeof response === 'object' && response !== null) {
    converted['response'] = Object.fromEntries(
      Object.entries(response).map(([status, value]) => [
        status,
        isZodSchema(value) ? zodJsonSchema(value, 'output') : value,
      ]),
    );
  }
  return converted as unknown as S;
}
