import { TraceyError } from '@tracey/common';
import { z } from 'zod';
import { EIFFEL_UUID_PATTERN } from '../internal/format-issues.js';
import { SCHEMAS_ERROR_CODES } from '../schemas-error.js';
import { latestEiffelVersion, versionDefinition } from './eiffel-definitions-lookup.js';
import { compiledEventSchema } from './validate-eiffel-event.js';

type JsonObject = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12) of one event type version (default: latest), for producers in other
 * languages. Stricter than the official schemas in the same ways validation is: link types limited
 * to the legal ones, single links at most once, every required link at least once, UUID targets.
 * @throws TraceyError `SCHEMAS_UNKNOWN_EVENT_TYPE` for an unknown type or version.
 */
export function eiffelJsonSchema(type: string, version?: string): JsonObject {
  const resolved = version ?? latestEiffelVersion(type) ?? '';
  const definition = versionDefinition(type, resolved);
  const schema = compiledEventSchema(type, resolved);
  if (definition === undefined || schema === undefined) {
    throw new TraceyError(SCHEMAS_ERROR_CODES.unknownEventType, `no definition of ${type} ${resolved}`, {
      details: { type, version: resolved },
    });
  }
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as JsonObject;
  const properties = json['properties'] as Record<string, JsonObject>;
  const links = properties['links'] as JsonObject;
  const item = links['items'] as JsonObject & { properties: Record<string, JsonObject> };
  item.properties['type'] = { type: 'string', enum: Object.keys(definition.links) };
  item.properties['target'] = { type: 'string', pattern: EIFFEL_UUID_PATTERN };
  const counts = Object.entries(definition.links)
    .filter(([, rule]) => rule.required || !rule.multiple)
    .map(([linkType, rule]) => ({
      contains: { type: 'object', properties: { type: { const: linkType } }, required: ['type'] },
      minContains: rule.required ? 1 : 0,
      ...(rule.multiple ? {} : { maxContains: 1 }),
    }));
  if (counts.length > 0) links['allOf'] = counts;
  // meta.type and meta.version are fixed by the choice of definition.
  const meta = properties['meta'] as { properties: Record<string, JsonObject> };
  meta.properties['type'] = { type: 'string', const: type };
  meta.properties['version'] = { type: 'string', const: resolved };
  return { $id: `urn:tracey:eiffel:${type}:${resolved}`, title: `${type} ${resolved}`, ...json };
}
