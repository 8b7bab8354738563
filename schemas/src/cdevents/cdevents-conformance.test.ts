import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCdEvent } from './validate-cdevent.js';

// Issue 18, "Conformance": every conformance example of CDEvents v0.3.0, v0.4.1 and v0.5.1 (read in
// place from ../shared/fixtures) validates, and mutants of each are refused with the field named.
// The mutants and the field each must be refused for are derived here from the official schema
// file and the example alone, never from the validator under test.
const fixtures = (
  process.env['TRACEY_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');
const RELEASES = ['v0.3.0', 'v0.4.1', 'v0.5.1'];

type Json = Record<string, unknown>;
interface Schema {
  type?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Json;

/** The release's schema files by the event type their `context.type` enum names. */
function schemasOf(release: string): Map<string, Schema> {
  const dir = `${fixtures}/cdevents/${release}/schemas`;
  const out = new Map<string, Schema>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const schema = readJson(`${dir}/${file}`) as Schema;
    const type = schema.properties?.['context']?.properties?.['type']?.enum?.[0];
    out.set(String(type), schema);
  }
  return out;
}

const examples = RELEASES.flatMap((release) => {
  const dir = `${fixtures}/cdevents/${release}/conformance`;
  const schemas = schemasOf(release);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => {
      const event = readJson(`${dir}/${file}`);
      const type = String((event['context'] as Json)['type']);
      const schema = schemas.get(type);
      if (schema === undefined) throw new Error(`${release}/${file}: no schema for ${type}`);
      return { name: `${release}/${file}`, event, schema };
    });
});

interface Site {
  /** Dotted path, as validation issues name fields. */
  readonly path: string;
  readonly keys: string[];
  readonly schema: Schema;
  readonly value: unknown;
}

/** Every member of the example the schema describes, with its schema (no `$ref`s followed). */
function sites(schema: Schema, value: unknown, keys: string[] = []): Site[] {
  const here: Site = { path: keys.join('.'), keys, schema, value };
  if (schema.properties === undefined || typeof value !== 'object' || value === null) return [here];
  return [
    here,
    ...Object.entries(schema.properties).flatMap(([key, child]) =>
      key in value ? sites(child, (value as Json)[key], [...keys, key]) : [],
    ),
  ];
}

function mutate(event: Json, keys: string[], change: (parent: Json, key: string) => void): Json {
  const copy = structuredClone(event);
  let parent = copy;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Json;
  change(parent, keys.at(-1) ?? '');
  return copy;
}

function refusedAt(input: Json, path: string, code: string): void {
  const result = validateCdEvent(input);
  expect(result.ok, `accepted a mutant that breaks ${path}`).toBe(false);
  if (result.ok) return;
  expect(result.errors.map((issue) => `${issue.path} ${issue.code}`)).toContain(`${path} ${code}`);
}

describe('CDEvents conformance examples', () => {
  it('finds the examples of every release', () => {
    expect(examples.filter((e) => e.name.startsWith('v0.3.0/')).length).toBe(39);
    expect(examples.filter((e) => e.name.startsWith('v0.4.1/')).length).toBe(45);
    expect(examples.filter((e) => e.name.startsWith('v0.5.1/')).length).toBe(45);
  });

  it.each(examples)('$name validates against its type schema', ({ event }) => {
    const result = validateCdEvent(event);
    expect(result.ok && result.verified, JSON.stringify(result)).toBe(true);
  });

  const counts = { required: 0, type: 0, enum: 0, unknown: 0, format: 0 };

  it.each(examples)('$name: mutants are refused naming the field', ({ event, schema }) => {
    const all = sites(schema, event);
    for (const site of all) {
      // A missing required member.
      for (const key of site.schema.required ?? []) {
        if (site.value === null || typeof site.value !== 'object' || !(key in site.value)) continue;
        const path = site.path === '' ? key : `${site.path}.${key}`;
        refusedAt(
          mutate(event, [...site.keys, key], (parent, k) => delete parent[k]),
          path,
          'required',
        );
        counts.required++;
      }
      // An unknown member where the schema forbids them.
      if (
        site.schema.additionalProperties === false &&
        typeof site.value === 'object' &&
        site.value !== null
      ) {
        const path = site.path === '' ? 'tracey_unexpected' : `${site.path}.tracey_unexpected`;
        refusedAt(
          mutate(event, [...site.keys, 'tracey_unexpected'], (parent, k) => (parent[k] = 1)),
          path,
          'unknown_member',
        );
        counts.unknown++;
      }
      if (site.keys.length === 0) continue;
      // The wrong JSON type.
      if (site.schema.type === 'string') {
        refusedAt(
          mutate(event, site.keys, (parent, k) => (parent[k] = 12345)),
          site.path,
          'type',
        );
        counts.type++;
      }
      // A value outside an enum (the context type picks the schema: it is checked below).
      if (site.schema.enum !== undefined && site.path !== 'context.type') {
        refusedAt(
          mutate(event, site.keys, (parent, k) => (parent[k] = 'tracey-not-allowed')),
          site.path,
          'enum',
        );
        counts.enum++;
      }
      // A URI, URI reference or date-time that is none.
      if (
        site.schema.format !== undefined &&
        ['uri', 'uri-reference', 'date-time'].includes(site.schema.format)
      ) {
        refusedAt(
          mutate(event, site.keys, (parent, k) => (parent[k] = 'not a \\valid value')),
          site.path,
          'pattern',
        );
        counts.format++;
      }
    }
  });

  it('made every kind of mutant', () => {
    // Each kind exists in the schemas of all three releases; hundreds of each were tried.
    expect(counts.required).toBeGreaterThan(300);
    expect(counts.unknown).toBeGreaterThan(300);
    expect(counts.type).toBeGreaterThan(300);
    expect(counts.enum).toBeGreaterThan(30);
    expect(counts.format).toBeGreaterThan(200);
  });
});

describe('validateCdEvent outside the schemas', () => {
  const deployed = examples.find((e) => e.name === 'v0.5.1/service_deployed.json')?.event as Json;
  const deployed04 = examples.find((e) => e.name === 'v0.4.1/service_deployed.json')?.event as Json;

  it('refuses an event whose declared release is not its type release', () => {
    const wrong = mutate(deployed, ['context', 'specversion'], (parent, k) => (parent[k] = '0.4.1'));
    refusedAt(wrong, 'context.specversion', 'enum');
    // v0.4 names the field `version`; a 0.4 type with v0.5's `specversion` is an unknown member.
    const renamed = mutate(deployed04, ['context', 'version'], (parent) => {
      parent['specversion'] = parent['version'];
      delete parent['version'];
    });
    refusedAt(renamed, 'context.specversion', 'unknown_member');
    refusedAt(renamed, 'context.version', 'required');
  });

  it('accepts a custom type (dev.cdeventsx) by its envelope, unverified', () => {
    const custom = mutate(
      deployed,
      ['context', 'type'],
      (parent, k) => (parent[k] = 'dev.cdeventsx.mytool-resource.created.0.1.0'),
    );
    const result = validateCdEvent(custom);
    expect(result).toMatchObject({
      ok: true,
      verified: false,
      reason: 'custom type dev.cdeventsx.mytool-resource.created.0.1.0',
    });
    refusedAt(
      mutate(custom, ['context', 'id'], (parent, k) => delete parent[k]),
      'context.id',
      'required',
    );
    refusedAt(
      mutate(custom, ['context', 'timestamp'], (parent, k) => (parent[k] = 'yesterday')),
      'context.timestamp',
      'pattern',
    );
  });

  it('accepts a type of a release it has no schema of by its envelope, saying so', () => {
    const newer = mutate(
      deployed,
      ['context', 'type'],
      (parent, k) => (parent[k] = 'dev.cdevents.service.deployed.0.9.0'),
    );
    expect(validateCdEvent(newer)).toMatchObject({ ok: true, verified: false });
  });

  it('refuses what is not a CDEvent at all, naming the fields', () => {
    for (const input of [null, 'text', {}, { context: {} }]) expect(validateCdEvent(input).ok).toBe(false);
    const result = validateCdEvent({ context: { type: 'dev.cdevents.service.deployed.0.3.0' } });
    expect(result.ok).toBe(false);
  });
});
