/**
 * `record[key]` for records keyed by untrusted input: without the own-property check, keys such
 * as `constructor` or `__proto__` would find Object.prototype members.
 */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
