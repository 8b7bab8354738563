import type { InputEvent } from '@tracey/api/testing';

export interface BfsAnswer {
  /** id → shortest depth */
  readonly depths: Map<string, number>;
  /** `source|target|linkType` of every link followed */
  readonly edges: Set<string>;
}

/**
 * Breadth-first search over the input JSON alone, no database: upstream follows an event's
 * links, downstream the links pointing at it. A repeated (type, target) link counts once.
 */
export function independentBfs(
  events: ReadonlyMap<string, InputEvent>,
  start: string,
  direction: 'upstream' | 'downstream',
): BfsAnswer {
  const reverse = direction === 'downstream' ? reverseLinks(events) : new Map<string, Linker[]>();
  const depths = new Map([[start, 0]]);
  const edges = new Set<string>();
  let frontier = [start];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      const neighbours =
        direction === 'upstream'
          ? (events.get(id)?.links ?? []).map((l) => ({
              other: l.target,
              edge: `${id}|${l.target}|${l.type}`,
            }))
          : (reverse.get(id) ?? []).map((l) => ({ other: l.source, edge: `${l.source}|${id}|${l.type}` }));
      for (const { other, edge } of neighbours) {
        edges.add(edge);
        if (depths.has(other)) continue;
        depths.set(other, depth);
        next.push(other);
      }
    }
    frontier = next;
  }
  return { depths, edges };
}

interface Linker {
  readonly source: string;
  readonly type: string;
}

const reverseCache = new WeakMap<ReadonlyMap<string, InputEvent>, Map<string, Linker[]>>();

function reverseLinks(events: ReadonlyMap<string, InputEvent>): Map<string, Linker[]> {
  const cached = reverseCache.get(events);
  if (cached !== undefined) return cached;
  const reverse = new Map<string, Linker[]>();
  for (const event of events.values()) {
    for (const link of event.links) {
      const list = reverse.get(link.target) ?? [];
      list.push({ source: event.id, type: link.type });
      reverse.set(link.target, list);
    }
  }
  reverseCache.set(events, reverse);
  return reverse;
}
