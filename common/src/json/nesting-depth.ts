/**
 * Deepest nesting of objects and arrays Tracey accepts in JSON input (events, request
 * parameters). Eiffel events nest a few levels; the content hash, the validator and the Neo4j
 * driver's packing recurse, and input nested thousands deep would overflow their stack.
 */
export const MAX_JSON_DEPTH = 100;

/** True when `value` nests objects and arrays deeper than `max`; walks without recursion. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
