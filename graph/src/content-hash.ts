import { createHash } from 'node:crypto';

/**
 * SHA-256 (base64url) of `value` as canonical JSON (object keys sorted), so that the same
 * event serialized with other whitespace or key order has the same hash.
 */
export function contentHash(value: unknown): string {
  return textHash(canonicalJson(value));
}

/** SHA-256 (base64url) of a text. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * Whether two JSON texts hold the same value, whatever their key order and whitespace. The
 * graph stores an event's hash of the JSON text it stores (hashed once, as the worker makes the
 * text anyway), so a hash that differs is told from a real conflict here, the rare time it does.
 */
export function sameJsonContent(a: string, b: string): boolean {
  return a === b || canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
}

/**
 * JSON text of `value` with object keys sorted at every level. Built in one pass of string
 * appends: the worker hashes every event, and the entries/filter/map/join of each object cost it
 * about 13 ms of CPU per 1,000 events (docs/BENCHMARKS.md#ingest).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const inner = object[key];
    if (inner === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(inner)}`;
  }
  return `${out}}`;
}
