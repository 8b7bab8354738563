// Reachability over a generated history computed from the input JSON alone — no database and none
// of the API's code: what the long-history answers are checked against. Events come in the order
// the generator made them, and an event links only to earlier ones, so one pass in that order
// computes every reach set.
import {
  CONTENT as CONTENT_LINKS,
  ISSUE as ISSUE_LINKS,
  type RawEvent,
  type RawEvents,
} from './independent-reports.js';

const CONTENT = new Set(CONTENT_LINKS);
const ISSUE = new Set(ISSUE_LINKS);

/** Everything `id` reaches by following links of any type (its upstream), without itself. */
export function upstreamOf(events: RawEvents, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    for (const link of events.get(stack.pop() ?? '')?.links ?? []) {
      if (seen.has(link.target)) continue;
      seen.add(link.target);
      stack.push(link.target);
    }
  }
  return seen;
}

/** Content reach of every event as a bit set over event positions. */
export class ContentReach {
  readonly #order: string[];
  readonly #position = new Map<string, number>();
  readonly #sets = new Map<string, Uint32Array>();
  readonly #events: RawEvents;

  constructor(ordered: readonly RawEvent[], events: RawEvents) {
    this.#events = events;
    this.#order = ordered.map((event) => event.meta.id);
    this.#order.forEach((id, index) => this.#position.set(id, index));
    const words = Math.ceil(this.#order.length / 32);
    for (const event of ordered) {
      const targets = event.links.filter((link) => CONTENT.has(link.type)).map((link) => link.target);
      if (targets.length === 0) continue;
      const set = new Uint32Array(words);
      for (const target of targets) {
        const index = this.#position.get(target);
        if (index === undefined)
          throw new Error(`${event.meta.id} links to ${target}, not generated before it`);
        set[index >>> 5] = (set[index >>> 5] ?? 0) | (1 << (index & 31));
        const below = this.#sets.get(target);
        if (below !== undefined) for (let w = 0; w < words; w++) set[w] = (set[w] ?? 0) | (below[w] ?? 0);
      }
      this.#sets.set(event.meta.id, set);
    }
  }

  /** Ids `id` reaches by content links (without itself). */
  reach(id: string): Set<string> {
    return this.#members(this.#sets.get(id), undefined);
  }

  /** Ids `root` reaches and `exclude` (and `exclude` itself) does not. */
  difference(root: string, exclude: string): Set<string> {
    const result = this.#members(this.#sets.get(root), this.#sets.get(exclude));
    result.delete(exclude);
    return result;
  }

  /** Whether `root` reaches `id` by content links. */
  reaches(root: string, id: string): boolean {
    const index = this.#position.get(id);
    const set = this.#sets.get(root);
    if (index === undefined || set === undefined) return false;
    return ((set[index >>> 5] ?? 0) & (1 << (index & 31))) !== 0;
  }

  /** Work items (issue-link targets) of the changes among `ids`. */
  workItemsOf(ids: Iterable<string>): Set<string> {
    const items = new Set<string>();
    for (const id of ids) {
      for (const link of this.#events.get(id)?.links ?? []) if (ISSUE.has(link.type)) items.add(link.target);
    }
    return items;
  }

  #members(set: Uint32Array | undefined, minus: Uint32Array | undefined): Set<string> {
    const result = new Set<string>();
    if (set === undefined) return result;
    for (let w = 0; w < set.length; w++) {
      let bits = (set[w] ?? 0) & ~(minus?.[w] ?? 0);
      while (bits !== 0) {
        const low = bits & -bits;
        const index = w * 32 + 31 - Math.clz32(low);
        result.add(this.#order[index] ?? '');
        bits ^= low;
      }
    }
    return result;
  }
}

/**
 * The release a release follows, as docs/api.md defines `since=previous`: an artifact's or
 * composition's PREVIOUS_VERSION; for a confidence level, the newest one of the same name and
 * value on the nearest earlier version of its subject that has one. `null` for a first version.
 */
export function previousFinder(events: RawEvents): (id: string) => string | null {
  // Confidence levels by subject, name and value.
  const levels = new Map<string, RawEvent[]>();
  for (const event of events.values()) {
    if (event.meta.type !== 'EiffelConfidenceLevelModifiedEvent') continue;
    for (const link of event.links) {
      if (link.type !== 'SUBJECT') continue;
      const key = `${link.target}|${String(event.data['name'])}|${String(event.data['value'])}`;
      levels.set(key, [...(levels.get(key) ?? []), event]);
    }
  }
  const newest = (candidates: readonly RawEvent[]) =>
    [...candidates].sort((a, b) => b.meta.time - a.meta.time || a.meta.id.localeCompare(b.meta.id))[0]?.meta
      .id ?? null;
  return (id) => {
    const event = events.get(id);
    if (event === undefined) return null;
    const previous = event.links
      .filter((link) => link.type === 'PREVIOUS_VERSION')
      .map((link) => events.get(link.target))
      .filter((target): target is RawEvent => target?.meta.type === event.meta.type);
    if (previous.length > 0) return newest(previous);
    if (event.meta.type !== 'EiffelConfidenceLevelModifiedEvent') return null;
    let version = events.get(event.links.find((link) => link.type === 'SUBJECT')?.target ?? '');
    for (;;) {
      const earlier = version?.links.find((link) => link.type === 'PREVIOUS_VERSION')?.target;
      if (earlier === undefined) return null;
      const found = levels.get(`${earlier}|${String(event.data['name'])}|${String(event.data['value'])}`);
      if (found !== undefined) return newest(found);
      version = events.get(earlier);
    }
  };
}
