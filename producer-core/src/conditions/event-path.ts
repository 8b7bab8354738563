/**
 * A path into an event's JSON, e.g. `data.identity`, `links.0.target` or `links.*.type`.
 * Segments are names, array indexes, or `*` (every member of an array or object); an optional
 * leading `$.` is accepted for readers used to JSONPath. Nothing else: no expressions, no eval.
 */
export type EventPath = readonly string[];

const SEGMENT = /^(?:\*|\d+|[A-Za-z_][A-Za-z0-9_-]*)$/;
const MAX_SEGMENTS = 32;

/** Parses a path; undefined with the reason when it is not one. */
export function parseEventPath(text: string): { ok: true; path: EventPath } | { ok: false; reason: string } {
  const body = text.startsWith('$.') ? text.slice(2) : text;
  const segments = body.split('.');
  if (body === '' || segments.length > MAX_SEGMENTS)
    return { ok: false, reason: `must be a dotted path of 1 to ${MAX_SEGMENTS} segments` };
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  if (bad !== undefined)
    return {
      ok: false,
      reason: `segment "${bad}" is not a name, an array index or *; e.g. data.identity or links.*.type`,
    };
  return { ok: true, path: segments };
}

/**
 * Every value `path` reaches in `value`: none when a segment is missing, several when a `*`
 * fans out. Only own properties are followed, so `__proto__` and friends reach nothing.
 */
export function readEventPath(value: unknown, path: EventPath): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const item of current) {
      if (typeof item !== 'object' || item === null) continue;
      if (segment === '*') next.push(...(Object.values(item) as unknown[]));
      else if (Array.isArray(item)) {
        if (/^\d+$/.test(segment) && Number(segment) < item.length) next.push(item[Number(segment)]);
      } else if (Object.hasOwn(item, segment)) next.push((item as Record<string, unknown>)[segment]);
    }
    current = next;
  }
  return current;
}
