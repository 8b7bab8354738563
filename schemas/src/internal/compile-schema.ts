import { z } from 'zod';
import type { SchemaNode } from './definition-model.js';

/** Resolves a `$ref` such as `EiffelCustomDataProperty/2.0.0` to its compiled schema. */
export type RefResolver = (ref: string) => z.ZodType;

// The definitions repeat a handful of patterns (UUID, purl, base64, hex) thousands of times.
const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(pattern);
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Compiles a generated schema node into a zod schema. Objects become strict objects where the
 * definition says `additionalProperties: false` and loose ones otherwise, as JSON Schema reads them.
 */
export function compileSchema(node: SchemaNode, resolve: RefResolver): z.ZodType {
  if ('$ref' in node) return resolve(node.$ref);
  switch (node.type) {
    case 'object': {
      const required = new Set(node.required ?? []);
      const shape: Record<string, z.ZodType> = {};
      for (const [key, child] of Object.entries(node.properties)) {
        const schema = compileSchema(child, resolve);
        shape[key] = required.has(key) ? schema : schema.optional();
      }
      return node.additionalProperties === false ? z.strictObject(shape) : z.looseObject(shape);
    }
    case 'array':
      return z.array(node.items === undefined ? z.unknown() : compileSchema(node.items, resolve));
    case 'string':
      if (node.enum !== undefined) return z.enum(node.enum as [string, ...string[]]);
      return node.pattern === undefined ? z.string() : z.string().regex(regex(node.pattern));
    case 'integer':
      return z.int();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'any':
      return z.unknown();
  }
}
