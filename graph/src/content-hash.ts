import { createHash } from 'node:crypto';

/**
 * SHA-256 (base64url) of `value` as canonical JSON (object keys sorted), so that the same
 * event serialized with other whitespace or key order has the same hash.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
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
