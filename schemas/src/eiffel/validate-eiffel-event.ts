import { z } from 'zod';
import { PROPERTY_SCHEMAS } from '../generated/eiffel-properties.js';
import { checkLinks } from '../internal/check-links.js';
import { compileSchema } from '../internal/compile-schema.js';
import type { EventVersionDefinition } from '../internal/definition-model.js';
import { EIFFEL_UUID_PATTERN, errorMap, toValidationIssues } from '../internal/format-issues.js';
import { own } from '../internal/own.js';
import type { ExplainedParseResult } from '../protocol.js';
import type { KnownEiffelEvent, UnverifiedEiffelEvent } from './eiffel-event.js';
import { typeDefinition } from './eiffel-definitions-lookup.js';

/** The outcome of validating one Eiffel event. */
export type EiffelParseResult = ExplainedParseResult<KnownEiffelEvent, UnverifiedEiffelEvent>;

const uuid = z.string().regex(new RegExp(EIFFEL_UUID_PATTERN));

/** What is checked of every event, known or not. */
const envelopeSchema = z.looseObject({
  meta: z.looseObject({ id: uuid, type: z.string(), version: z.string(), time: z.int() }),
  data: z.looseObject({}),
  links: z.array(z.looseObject({ type: z.string(), target: uuid, domainId: z.string().optional() })),
});

// Compiled once per shared property and per (type, version), on first use: compiling all 222
// versions up front would cost startup time for versions a deployment never sees.
const propertySchemas = new Map<string, z.ZodType>();
const eventSchemas = new Map<string, z.ZodType>();

function propertySchema(ref: string): z.ZodType {
  let schema = propertySchemas.get(ref);
  if (schema === undefined) {
    const node = own(PROPERTY_SCHEMAS, ref);
    if (node === undefined) throw new Error(`generated definitions refer to unknown ${ref}`);
    schema = compileSchema(node, propertySchema);
    propertySchemas.set(ref, schema);
  }
  return schema;
}

function eventSchema(key: string, definition: EventVersionDefinition): z.ZodType {
  let schema = eventSchemas.get(key);
  if (schema === undefined) {
    schema = z.strictObject({
      meta: propertySchema(definition.meta),
      data: compileSchema(definition.data, propertySchema),
      links: z.array(propertySchema(definition.link)),
    });
    eventSchemas.set(key, schema);
  }
  return schema;
}

/** @internal The zod schema of one known type version (for the JSON Schema export). */
export function compiledEventSchema(type: string, version: string): z.ZodType | undefined {
  const definition = typeDefinition(type);
  const versionDef = definition === undefined ? undefined : own(definition.versions, version);
  return versionDef === undefined ? undefined : eventSchema(`${type}@${version}`, versionDef);
}

function head(input: unknown): { type: string; version: string } | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const meta = (input as { meta?: unknown }).meta;
  if (typeof meta !== 'object' || meta === null) return undefined;
  const { type, version } = meta as { type?: unknown; version?: unknown };
  return typeof type === 'string' && typeof version === 'string' ? { type, version } : undefined;
}

function validateEnvelope(input: unknown, reason: string): EiffelParseResult {
  const result = envelopeSchema.safeParse(input, { error: errorMap });
  if (!result.success) return { ok: false, errors: toValidationIssues(result.error.issues) };
  return { ok: true, verified: false, event: input as UnverifiedEiffelEvent, reason };
}

/**
 * Validates `input` against the definition of its `meta.type` at its `meta.version`, plus the
 * link rules (legal types, no repeated single link, every required link, UUID targets). An event
 * of an unknown type or version is accepted as unverified when its envelope is valid.
 */
export function validateEiffelEvent(input: unknown): EiffelParseResult {
  const id = head(input);
  if (id === undefined) return validateEnvelope(input, 'no meta.type and meta.version');
  const definition = typeDefinition(id.type);
  if (definition === undefined) return validateEnvelope(input, `unknown event type ${id.type}`);
  const versionDef = own(definition.versions, id.version);
  if (versionDef === undefined) {
    return validateEnvelope(
      input,
      `unknown version ${id.version} of ${id.type} (latest known ${definition.latest})`,
    );
  }
  const result = eventSchema(`${id.type}@${id.version}`, versionDef).safeParse(input, { error: errorMap });
  const errors = result.success ? [] : toValidationIssues(result.error.issues);
  const links = (input as { links?: unknown }).links;
  const linkIssues = checkLinks(links, versionDef.links, `${id.type} ${id.version}`);
  // The newest link definition has its own UUID pattern on targets; report each path once.
  const seen = new Set(errors.map((e) => e.path));
  for (const issue of linkIssues) if (!seen.has(issue.path) || issue.code !== 'pattern') errors.push(issue);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, verified: true, event: input as KnownEiffelEvent };
}
