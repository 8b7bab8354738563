import type { ContentLink, ContentNode, DeltaChange } from './dora-model.js';

/** The content links of nodes, read a batch at a time (the graph, or a map in tests). */
export interface ContentSource {
  node(id: string): ContentNode | undefined;
  /** The links of `id`, or `undefined` when not read yet. */
  links(id: string): readonly ContentLink[] | undefined;
  /** Reads the nodes and links of `ids` (and the nodes they link to). */
  load(ids: readonly string[]): Promise<void>;
}

/** What a delta walk is bounded by. */
export interface DeltaBounds {
  /** How much later than the event linking to it an event may claim to be. */
  readonly clockSkewMs: number;
  /** Distinct events one walk may see. */
  readonly budget: number;
}

const FROM_ROOT = 1;
const FROM_EXCLUDED = 2;
const PREFETCH = 500;

/** Thrown when a walk passes its budget. */
export class DeltaBudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`the delta needs more than ${budget} events`);
  }
}

/**
 * The events `root` reaches by content links and `exclude` does not — git's `exclude..root` —
 * walked newest first from both at once, as `git log` paints commits: each event carries which of
 * the two reach it, and the walk stops once no event only `root` reaches is waiting and everything
 * still waiting is older (by the clock skew) than the oldest of those. Links point back in time, so
 * the walk sees the delta and its border, never the shared history below. Without `exclude` (a
 * first deployment), events older than `floor` end the walk.
 */
export async function reachDelta(
  source: ContentSource,
  root: string,
  exclude: string | null,
  floor: number | null,
  bounds: DeltaBounds,
): Promise<Set<string>> {
  const flags = new Map<string, number>();
  const queue = new TimeQueue();
  let oldestOnlyRoot = Number.POSITIVE_INFINITY;
  const paint = (node: ContentNode, flag: number): void => {
    const before = flags.get(node.id) ?? 0;
    const after = before | flag;
    if (after === before) return;
    if (flags.size >= bounds.budget && before === 0) throw new DeltaBudgetExceeded(bounds.budget);
    flags.set(node.id, after);
    if (node.time === null) return;
    if (after === FROM_ROOT) {
      oldestOnlyRoot = Math.min(oldestOnlyRoot, node.time);
      if (floor !== null && node.time < floor - bounds.clockSkewMs) return;
    }
    queue.push(node.id, node.time);
  };
  await source.load(exclude === null ? [root] : [root, exclude]);
  for (const [id, flag] of [[root, FROM_ROOT] as const, [exclude, FROM_EXCLUDED] as const]) {
    if (id === null) continue;
    const node = source.node(id);
    if (node !== undefined) paint(node, flag);
  }
  for (;;) {
    const top = queue.peek();
    if (top === undefined) break;
    const onlyRoot = queue.count((id) => flags.get(id) === FROM_ROOT);
    if (onlyRoot === 0 && top.time + bounds.clockSkewMs < oldestOnlyRoot) break;
    queue.pop();
    if (source.links(top.id) === undefined) {
      await source.load([
        top.id,
        ...queue
          .ids()
          .filter((id) => source.links(id) === undefined)
          .slice(0, PREFETCH),
      ]);
    }
    const flag = flags.get(top.id) ?? 0;
    for (const link of source.links(top.id) ?? []) paint(link.target, flag);
  }
  return new Set([...flags].filter(([, flag]) => flag === FROM_ROOT).map(([id]) => id));
}

const CHANGE_TYPES = new Set(['EiffelSourceChangeSubmittedEvent', 'EiffelSourceChangeCreatedEvent']);
const SAME_CHANGE_LINKS = new Set(['CHANGE', 'SAME_CHANGE']);

/** Whether an event of `type` is a source change: Eiffel's created and submitted, CDEvents' `change.*`. */
/** A change merged: a CDEvents `change.merged`, an Eiffel submission. */
function isMergeType(type: string | null): boolean {
  return (
    type === 'EiffelSourceChangeSubmittedEvent' || (type?.startsWith('dev.cdevents.change.merged.') ?? false)
  );
}

export function isChangeType(type: string | null): boolean {
  return type !== null && (CHANGE_TYPES.has(type) || type.startsWith('dev.cdevents.change.'));
}

/**
 * The changes among the events of a delta: change events linked to each other by CHANGE or
 * SAME_CHANGE (a merge and its creation, a CDEvents merge and the Eiffel submission of its commit)
 * are one change; `floor` leaves out changes that started before it (a first deployment's window).
 */
export function deltaChanges(
  source: ContentSource,
  delta: ReadonlySet<string>,
  floor: number | null,
): DeltaChange[] {
  const events = [...delta]
    .map((id) => source.node(id))
    .filter(
      (node): node is ContentNode => node !== undefined && node.time !== null && isChangeType(node.type),
    );
  const parent = new Map(events.map((node) => [node.id, node.id]));
  const find = (id: string): string => {
    let at = id;
    while (parent.get(at) !== at) at = parent.get(at) as string;
    return at;
  };
  for (const node of events) {
    for (const link of source.links(node.id) ?? []) {
      if (SAME_CHANGE_LINKS.has(link.type) && parent.has(link.target.id)) {
        parent.set(find(link.target.id), find(node.id));
      }
    }
  }
  const groups = new Map<string, ContentNode[]>();
  for (const node of events) {
    const group = find(node.id);
    const members = groups.get(group);
    if (members === undefined) groups.set(group, [node]);
    else members.push(node);
  }
  const changes: DeltaChange[] = [];
  for (const members of groups.values()) {
    const sorted = [...members].sort(
      (a, b) => (b.time as number) - (a.time as number) || (a.id < b.id ? 1 : -1),
    );
    const time = Math.min(...members.map((node) => node.time as number));
    if (floor !== null && time < floor) continue;
    const earliest = (nodes: readonly ContentNode[]): number | null =>
      nodes.length === 0 ? null : Math.min(...nodes.map((node) => node.time as number));
    changes.push({
      id: (sorted[0] as ContentNode).id,
      eventIds: members.map((node) => node.id).sort(),
      time,
      bug: members.some((node) => node.bug),
      reviewAt: earliest(members.filter((node) => node.opensReview === true)),
      mergedAt: earliest(members.filter((node) => isMergeType(node.type))),
    });
  }
  return changes.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
}

/** Events waiting for the walk, newest first (a binary heap). */
class TimeQueue {
  private readonly heap: { id: string; time: number }[] = [];
  private readonly queued = new Set<string>();

  push(id: string, time: number): void {
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.heap.push({ id, time });
    let at = this.heap.length - 1;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (!this.before(at, up)) break;
      this.swap(at, up);
      at = up;
    }
  }

  peek(): { id: string; time: number } | undefined {
    return this.heap[0];
  }

  pop(): void {
    const last = this.heap.pop();
    if (last === undefined) return;
    const first = this.heap[0];
    if (first !== undefined) {
      this.queued.delete(first.id);
      this.heap[0] = last;
      for (let at = 0; ;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let best = at;
        if (left < this.heap.length && this.before(left, best)) best = left;
        if (right < this.heap.length && this.before(right, best)) best = right;
        if (best === at) break;
        this.swap(at, best);
        at = best;
      }
    } else {
      this.queued.delete(last.id);
    }
  }

  ids(): string[] {
    return this.heap.map((entry) => entry.id);
  }

  count(test: (id: string) => boolean): number {
    let total = 0;
    for (const entry of this.heap) if (test(entry.id)) total++;
    return total;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a] as { id: string; time: number };
    const y = this.heap[b] as { id: string; time: number };
    return x.time > y.time || (x.time === y.time && x.id > y.id);
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [
      this.heap[b] as { id: string; time: number },
      this.heap[a] as { id: string; time: number },
    ];
  }
}
