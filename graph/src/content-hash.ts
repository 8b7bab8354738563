import { createHash } from 'node:crypto';

/** SHA-256 (base64url) of a text. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** An event's JSON text and its {@link textHash}. */
export interface HashedJson {
  readonly hash: string;
  readonly json: string;
}

/**
 * Whether two events hold the same value: the same hash, or — the rare time the hashes differ —
 * texts with the same value in another key order or spacing. The graph stores the hash of the
 * JSON text it stores (hashed once, as the worker makes the text anyway), so a hash that differs
 * is told from a real conflict here.
 */
export function sameContent(a: HashedJson, b: HashedJson): boolean {
  return a.hash === b.hash || canonicalJson(JSON.parse(a.json)) === canonicalJson(JSON.parse(b.json));
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
