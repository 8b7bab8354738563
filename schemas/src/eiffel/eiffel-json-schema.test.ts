import { describe, expect, it } from 'vitest';
import { EIFFEL_EVENT_TYPES } from '../generated/eiffel-definitions.js';
import { eiffelJsonSchema } from './eiffel-json-schema.js';
import { eiffelVersions } from './eiffel-definitions-lookup.js';

describe('eiffelJsonSchema', () => {
  it('exports every version of every type', () => {
    for (const type of EIFFEL_EVENT_TYPES) {
      for (const version of eiffelVersions(type)) {
        expect(eiffelJsonSchema(type, version)).toMatchObject({
          title: `${type} ${version}`,
          type: 'object',
        });
      }
    }
  });

  it('adds the link rules the official schemas miss', () => {
    const schema = eiffelJsonSchema('EiffelActivityFinishedEvent') as {
      $schema: string;
      properties: { meta: { properties: Record<string, unknown> }; links: Record<string, unknown> };
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.meta.properties['version']).toEqual({ type: 'string', const: '4.1.1' });
    const links = schema.properties.links as {
      items: { properties: Record<string, unknown> };
      allOf: unknown[];
    };
    expect(links.items.properties['type']).toEqual({
      type: 'string',
      enum: ['ACTIVITY_EXECUTION', 'CAUSE', 'CONTEXT', 'FLOW_CONTEXT'],
    });
    expect(links.allOf).toContainEqual({
      contains: { type: 'object', properties: { type: { const: 'ACTIVITY_EXECUTION' } }, required: ['type'] },
      minContains: 1,
      maxContains: 1,
    });
  });

  it('throws SCHEMAS_UNKNOWN_EVENT_TYPE for what it does not know', () => {
    expect(() => eiffelJsonSchema('EiffelActivityFinishedEvent', '9.0.0')).toThrow(
      expect.objectContaining({ code: 'SCHEMAS_UNKNOWN_EVENT_TYPE' }),
    );
  });
});
