/**
 * Deepest nesting of objects and arrays a request's parameters may have. The database driver
 * packs parameters recursively; a body nested thousands deep (1 MiB allows that) would overflow
 * its stack and end as a 500.
 */
export const MAX_PARAM_DEPTH = 100;

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
