import type { InputEvent } from '@tracey/api/testing';
import { independentBfs } from './independent-bfs.js';

/**
 * The events a whole-graph comparison starts from, chosen from the input alone: the `largest`
 * with the most events upstream and the most downstream (where a traversal has the most to get
 * wrong), up to `perType` of every event type (every shape of event), and every `stride`-th event
 * in input order. Deterministic. Comparing from all of the fixtures' 4,414 events took 4–7 minutes
 * per test on a loaded CI machine; this sample keeps the hard and the varied cases in a fifth.
 */
export function comparisonSample(
  events: ReadonlyMap<string, InputEvent>,
  options: { readonly largest?: number; readonly perType?: number; readonly stride?: number } = {},
): string[] {
  const { largest = 100, perType = 20, stride = 20 } = options;
  const ids = [...events.keys()];
  const chosen = new Set<string>();
  for (const direction of ['upstream', 'downstream'] as const) {
    const sizes = ids.map((id) => [id, independentBfs(events, id, direction).depths.size] as const);
    sizes.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [id] of sizes.slice(0, largest)) chosen.add(id);
  }
  const perTypeCount = new Map<string, number>();
  ids.forEach((id, index) => {
    const type = events.get(id)?.type ?? '';
    const count = perTypeCount.get(type) ?? 0;
    if (count < perType) {
      perTypeCount.set(type, count + 1);
      chosen.add(id);
    }
    if (index % stride === 0) chosen.add(id);
  });
  return [...chosen];
}
