/**
 * A path into an event's JSON, e.g. `data.identity`, `links.0.target`, `links.*.type` or
 * `links[type=ARTIFACT].target`. Segments are names, array indexes, `*` (every member of an
 * array or object), and a name may carry one filter `[key=value]` that keeps the array members
 * whose `key` is `value`. An optional leading `$.` is accepted for readers used to JSONPath.
 * Nothing else: no expressions, no eval. Filters are kept as segments of their own (`[k=v]`).
 */
export type EventPath = readonly string[];

const SEGMENT = /^(\*|\d+|[A-Za-z_][A-Za-z0-9_-]*)(\[[A-Za-z_][A-Za-z0-9_-]*=[^\][\s.]+\])?$/;
const FILTER = /^\[([^=]+)=(.+)\]$/;
const MAX_SEGMENTS = 32;

/** Parses a path; the reason when it is not one. */
export function parseEventPath(text: string): { ok: true; path: EventPath } | { ok: false; reason: string } {
  const body = text.startsWith('$.') ? text.slice(2) : text;
  const parts = body.split('.');
  if (body === '' || parts.length > MAX_SEGMENTS)
    return { ok: false, reason: `must be a dotted path of 1 to ${MAX_SEGMENTS} segments` };
  const path: string[] = [];
  for (const part of parts) {
    const match = SEGMENT.exec(part);
    if (match?.[1] === undefined)
      return {
        ok: false,
        reason: `segment "${part}" is not a name, an array index, * or name[key=value]; e.g. data.identity, links.*.type or links[type=CAUSE].target`,
      };
    path.push(match[1]);
    if (match[2] !== undefined) path.push(match[2]);
  }
  return { ok: true, path };
}

/** A path as it is written: `links[type=CAUSE].target`. */
export function formatEventPath(path: EventPath): string {
  return path
    .map((segment, index) => (index === 0 || segment.startsWith('[') ? segment : `.${segment}`))
    .join('');
}

/**
 * Every value `path` reaches in `value`: none when a segment is missing, several when a `*` or
 * a filter fans out. Only own properties are followed, so `__proto__` and friends reach nothing.
 */
export function readEventPath(value: unknown, path: EventPath): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path) {
    const next: unknown[] = [];
    // Only a filter starts with `[`: other segments skip the regex, which runs per event.
    const filter = segment.startsWith('[') ? FILTER.exec(segment) : null;
    for (const item of current) {
      if (typeof item !== 'object' || item === null) continue;
      if (filter?.[1] !== undefined) {
        const [, key, wanted] = filter;
        if (Array.isArray(item))
          next.push(...(item as unknown[]).filter((member) => ownText(member, key) === wanted));
      } else if (segment === '*') next.push(...(Object.values(item) as unknown[]));
      else if (Array.isArray(item)) {
        if (/^\d+$/.test(segment) && Number(segment) < item.length) next.push(item[Number(segment)]);
      } else if (Object.hasOwn(item, segment)) next.push((item as Record<string, unknown>)[segment]);
    }
    current = next;
  }
  return current;
}

// A member's own scalar property as text, for filters.
function ownText(member: unknown, key: string): string | undefined {
  if (typeof member !== 'object' || member === null || !Object.hasOwn(member, key)) return undefined;
  const value: unknown = (member as Record<string, unknown>)[key];
  return ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : undefined;
}
