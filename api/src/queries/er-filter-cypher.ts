import { eiffelIndexedPropertyOf } from '@tracey/schemas';
import { apiError } from '../api-error.js';
import type { FilterCondition } from './er-filter.js';

/** A filter as Cypher on the node `n`, and the conditions only the event's JSON can decide. */
export interface CompiledFilter {
  /** Predicates joined with AND; `true` when there are none. */
  readonly where: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Conditions checked on the stored event JSON, after the Cypher ones. */
  readonly residual: readonly FilterCondition[];
}

type Kind = 'text' | 'time' | 'list';

interface Mapped {
  /** A node property from the graph model: never user input. */
  readonly property: string;
  readonly kind: Kind;
  /** The `vcs` a source change node must have for the property to hold the field (graph model). */
  readonly vcs?: string;
}

/** `meta` fields every stored event node carries (see docs/graph-model.md). */
const META_FIELDS: Readonly<Record<string, Mapped>> = {
  'meta.id': { property: 'id', kind: 'text' },
  'meta.type': { property: 'type', kind: 'text' },
  'meta.version': { property: 'version', kind: 'text' },
  'meta.time': { property: 'time', kind: 'time' },
  'meta.source.domainId': { property: 'domainId', kind: 'text' },
  'meta.source.name': { property: 'sourceName', kind: 'text' },
  'meta.source.host': { property: 'sourceHost', kind: 'text' },
  'meta.tags': { property: 'tags', kind: 'list' },
};

/** Source change properties that nodes stored before `vcs` existed carry, for git only. */
const LEGACY_GIT_PROPERTIES: ReadonlySet<string> = new Set(['commitId', 'repoName', 'branch']);

const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The node property holding `field`: a `meta` field, or a `data` member copied onto the nodes
 * of the one event type the query pins with `meta.type=`.
 */
function mappedField(field: string, pinnedType: string | undefined): Mapped | undefined {
  if (Object.hasOwn(META_FIELDS, field)) return META_FIELDS[field];
  if (pinnedType === undefined || !field.startsWith('data.')) return undefined;
  const found = eiffelIndexedPropertyOf(pinnedType, field.slice('data.'.length));
  if (found === undefined || !PROPERTY_NAME.test(found.property)) return undefined;
  return { property: found.property, kind: 'text', ...(found.vcs === undefined ? {} : { vcs: found.vcs }) };
}

/** The one event type all `meta.type=` conditions name, if any. */
function pinnedTypeOf(conditions: readonly FilterCondition[]): string | undefined {
  const types = new Set(
    conditions
      .filter((c) => c.field === 'meta.type' && c.op === '=' && c.cast === undefined)
      .map((c) => c.value),
  );
  return types.size === 1 ? [...types][0] : undefined;
}

/** `meta.time` as ms since the epoch, from ms or an ISO 8601 time. */
function timeValue(condition: FilterCondition): number {
  const text = condition.value.trim();
  const ms = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms)) {
    throw apiError(
      'API_BAD_REQUEST',
      `invalid query parameter meta.time: expected ms since the epoch or an ISO 8601 time, got "${condition.value}"`,
      { parameter: 'meta.time' },
    );
  }
  return ms;
}

const COMPARISON: Readonly<Record<string, string>> = { '>': '>', '<': '<', '>=': '>=', '<=': '<=' };

function predicate(property: string, kind: Kind, op: FilterCondition['op'], param: string): string {
  const p = `n.${property}`;
  if (kind === 'list') {
    const list = `coalesce(${p}, [])`;
    if (op === '=') return `${param} IN ${list}`;
    if (op === '!=') return `NOT ${param} IN ${list}`;
    return `any(x IN ${list} WHERE x ${COMPARISON[op] ?? '='} ${param})`;
  }
  if (op === '=') return `${p} = ${param}`;
  if (op === '!=') return `(${p} IS NULL OR ${p} <> ${param})`;
  return `${p} ${COMPARISON[op] ?? '='} ${param}`;
}

/**
 * Splits a filter into Cypher on indexed node properties — property names only from the graph
 * model, values only as parameters — and the residual conditions (other fields, casts,
 * exists/missing, every `~`) that are checked on the event JSON. Regular expressions never go
 * to Neo4j: Java's engine backtracks, so `^(a+)+$` would run there until the query timeout; in
 * the API they run on RE2, in time linear in the text.
 * @throws API_BAD_REQUEST for a `meta.time` that is not a time, or a regex on `meta.time`.
 */
export function compileFilter(conditions: readonly FilterCondition[]): CompiledFilter {
  const pinnedType = pinnedTypeOf(conditions);
  const predicates: string[] = [];
  const params: Record<string, unknown> = {};
  const residual: FilterCondition[] = [];
  for (const condition of conditions) {
    const mapped = mappedField(condition.field, pinnedType);
    if (mapped?.kind === 'time' && condition.op === '~') {
      throw apiError(
        'API_BAD_REQUEST',
        'invalid query parameter meta.time: a time cannot be matched with a regular expression',
        { parameter: 'meta.time' },
      );
    }
    if (
      mapped === undefined ||
      condition.op === '~' ||
      condition.cast !== undefined ||
      condition.op === 'exists' ||
      condition.op === 'missing'
    ) {
      residual.push(condition);
      continue;
    }
    const name = `f${predicates.length}`;
    params[name] = mapped.kind === 'time' ? timeValue(condition) : condition.value;
    const test = predicate(mapped.property, mapped.kind, condition.op, `$${name}`);
    if (mapped.vcs === undefined) {
      predicates.push(test);
    } else if (mapped.vcs === 'git' && LEGACY_GIT_PROPERTIES.has(mapped.property)) {
      // Nodes stored before `vcs` existed are git's, with these properties (graph model).
      params[`${name}vcs`] = mapped.vcs;
      predicates.push(
        condition.op === '!='
          ? `(coalesce(n.vcs, 'git') <> $${name}vcs OR ${test})`
          : `(coalesce(n.vcs, 'git') = $${name}vcs AND ${test})`,
      );
    } else {
      // The shared property holds this VCS's field only on nodes of that VCS. A node without
      // `vcs` predates it and lacks the property: its JSON decides (the residual check).
      params[`${name}vcs`] = mapped.vcs;
      predicates.push(
        condition.op === '!='
          ? `(n.vcs IS NULL OR n.vcs <> $${name}vcs OR ${test})`
          : `(n.vcs IS NULL OR (n.vcs = $${name}vcs AND ${test}))`,
      );
      residual.push(condition);
    }
  }
  return { where: predicates.length === 0 ? 'true' : predicates.join(' AND '), params, residual };
}
