/**
 * Deepest nesting of objects and arrays Tracey accepts in JSON input (events, request
 * parameters). Eiffel events nest a few levels; the content hash, the validator and the Neo4j
 * driver's packing recurse, and input nested thousands deep would overflow their stack.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * True when `value` nests objects and arrays deeper than `max`; walks without recursion. The
 * worker checks every event: two stacks of plain values, and only objects and arrays pushed, so
 * the walk allocates nothing per value (a pair per value and a copy of each object's values cost
 * it a fifth of its decoding time, docs/BENCHMARKS.md#ingest).
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const items: object[] = [value];
  const depths: number[] = [1];
  for (let item = items.pop(); item !== undefined; item = items.pop()) {
    const depth = depths.pop() ?? 0;
    if (depth > max) return true;
    if (Array.isArray(item)) {
      for (const child of item as unknown[]) {
        if (typeof child === 'object' && child !== null) {
          items.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key in item) {
      const child = (item as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        items.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
