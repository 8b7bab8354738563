// Conformance against the protocol's own published data (../shared/fixtures, beside the repo;
// override with TRACEY_FIXTURES_DIR): every example and reference event validates, and mutants of
// them, each breaking one rule, are rejected with an issue naming the exact path.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EIFFEL_LINK_RULES } from './eiffel/eiffel-link-rules.js';
import { validateEiffelEvent } from './eiffel/validate-eiffel-event.js';
import { EVENT_DEFINITIONS } from './generated/eiffel-definitions.js';
import { PROPERTY_SCHEMAS } from './generated/eiffel-properties.js';
import type { SchemaNode } from './internal/definition-model.js';
import type { ValidationIssueCode } from './protocol.js';

const fixturesDir =
  process.env['TRACEY_FIXTURES_DIR'] ?? fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const eiffelDir = `${fixturesDir.replace(/\/$/, '')}/eiffel`;

// Missing fixtures must fail the run, not skip it: a silently skipped conformance suite proves nothing.
if (!existsSync(eiffelDir)) {
  throw new Error(
    `Eiffel fixtures not found at ${eiffelDir}; clone shared/ beside the repo or set TRACEY_FIXTURES_DIR`,
  );
}

type Json = Record<string, unknown>;
interface Event {
  meta: Json & { type: string; version: string };
  data: Json;
  links: { type: string; target: string }[];
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function loadExamples(): [string, Event][] {
  const out: [string, Event][] = [];
  for (const type of readdirSync(`${eiffelDir}/examples/events`).sort()) {
    for (const file of readdirSync(`${eiffelDir}/examples/events/${type}`).sort()) {
      out.push([`${type}/${file}`, readJson(`${eiffelDir}/examples/events/${type}/${file}`) as Event]);
    }
  }
  for (const flow of readdirSync(`${eiffelDir}/examples/flows`).sort()) {
    const events = readJson(`${eiffelDir}/examples/flows/${flow}/events.json`) as Event[];
    events.forEach((event, i) => out.push([`flow ${flow}[${i}]`, event]));
  }
  return out;
}

const examples = loadExamples();
const reference = readJson(`${eiffelDir}/reference-data/generated-100-iterations.json`) as Event[];

function clone(event: Event): Event {
  return structuredClone(event);
}

function resolve(node: SchemaNode): SchemaNode {
  return '$ref' in node ? resolve(PROPERTY_SCHEMAS[node.$ref] as SchemaNode) : node;
}

/** The first enum-constrained member present in `value`, as [path, holder object, key]. */
function findEnum(node: SchemaNode, value: unknown, path: string): [string, Json, string] | undefined {
  const n = resolve(node);
  if (!('type' in n) || typeof value !== 'object' || value === null) return undefined;
  if (n.type === 'object') {
    for (const [key, child] of Object.entries(n.properties)) {
      const member = (value as Json)[key];
      if (member === undefined) continue;
      const c = resolve(child);
      if ('type' in c && c.type === 'string' && c.enum !== undefined)
        return [`${path}.${key}`, value as Json, key];
      const found = findEnum(child, member, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  } else if (n.type === 'array' && n.items !== undefined && Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findEnum(n.items, item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

type Mutant = [kind: string, event: Event, path: string, code: ValidationIssueCode];

const OTHER_UUID = 'aaaaaaaa-bbbb-4ccc-8ddd-000000000001';

/** Every mutant this event allows, each breaking exactly one rule. */
function mutants(event: Event): Mutant[] {
  const { type, version } = event.meta;
  const definition = EVENT_DEFINITIONS[type]?.versions[version];
  if (definition === undefined) throw new Error(`no definition for ${type} ${version}`);
  const rules = definition.links;
  const out: Mutant[] = [];
  const data = definition.data as { required?: string[] };
  const requiredKey = data.required?.[0];
  if (requiredKey !== undefined) {
    const m = clone(event);
    delete m.data[requiredKey];
    out.push(['missing required field', m, `data.${requiredKey}`, 'required']);
  }
  const m1 = clone(event);
  const found = findEnum(definition.data, m1.data, 'data');
  if (found !== undefined) {
    found[1][found[2]] = 'NOT_IN_THE_ENUM';
    out.push(['wrong enum', m1, found[0], 'enum']);
  }
  const m2 = clone(event);
  m2.meta.id = 'not-a-uuid';
  out.push(['malformed meta.id', m2, 'meta.id', 'pattern']);
  if (event.links.length > 0) {
    const m = clone(event);
    (m.links[0] as { target: string }).target = 'AAAAAAAA-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    out.push(['malformed link target', m, 'links[0].target', 'pattern']);
  }
  const illegal = ['ACTIVITY_EXECUTION', 'TEST_CASE_EXECUTION', 'ELEMENT', 'SUBJECT'].find(
    (t) => !(t in rules),
  );
  if (illegal !== undefined) {
    const m = clone(event);
    m.links.push({ type: illegal, target: OTHER_UUID });
    out.push(['illegal link type', m, `links[${m.links.length - 1}].type`, 'link_type_illegal']);
  }
  const single = Object.entries(rules).find(([, r]) => !r.multiple);
  if (single !== undefined) {
    const m = clone(event);
    const present = m.links.some((l) => l.type === single[0]);
    if (!present) m.links.push({ type: single[0], target: OTHER_UUID });
    m.links.push({ type: single[0], target: OTHER_UUID });
    out.push(['repeated single link', m, `links[${m.links.length - 1}].type`, 'link_repeated']);
  }
  const required = Object.entries(rules).find(([, r]) => r.required);
  if (required !== undefined) {
    const m = clone(event);
    m.links = m.links.filter((l) => l.type !== required[0]);
    out.push(['missing required link', m, 'links', 'link_missing']);
  }
  const m3 = clone(event);
  m3.meta.time = '2024-01-01T00:00:00Z';
  out.push(['wrong meta.time type', m3, 'meta.time', 'type']);
  return out;
}

describe('Eiffel conformance', () => {
  it('covers all 24 event types in the examples', () => {
    expect(new Set(examples.map(([, e]) => e.meta.type)).size).toBe(24);
    expect(Object.keys(EIFFEL_LINK_RULES)).toHaveLength(24);
  });

  it.each(examples)('validates example %s', (_name, event) => {
    const result = validateEiffelEvent(event);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.verified).toBe(true);
  });

  it(`validates all ${reference.length} reference data events`, () => {
    const failures = reference.flatMap((event) => {
      const result = validateEiffelEvent(event);
      return result.ok && result.verified ? [] : [{ id: event.meta.id, result }];
    });
    expect(failures).toEqual([]);
    expect(reference).toHaveLength(4389);
  });

  // Every example plus one reference event of each type and version.
  const seeds = [
    ...examples,
    ...[...new Map(reference.map((e) => [`${e.meta.type}@${e.meta.version}`, e])).entries()],
  ];
  const allMutants = seeds.flatMap(([name, event]) =>
    mutants(event).map(([kind, m, path, code]): [string, string, ValidationIssueCode, Event] => [
      `${kind} of ${name}`,
      path,
      code,
      m,
    ]),
  );

  it('builds every kind of mutant many times', () => {
    const kinds = new Map<string, number>();
    for (const [name] of allMutants) {
      const kind = name.split(' of ')[0] ?? '';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(kinds.size).toBe(8);
    for (const count of kinds.values()) expect(count).toBeGreaterThan(20);
  });

  it.each(allMutants)('rejects %s at %s (%s)', (_name, path, code, mutant) => {
    const result = validateEiffelEvent(mutant);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual(expect.objectContaining({ path, code }));
  });
});
