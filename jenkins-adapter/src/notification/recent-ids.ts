/**
 * A bounded set of ids, forgetting the oldest first. Remembers which triggered events this process
 * has had confirmed, so that the later phases of a build do not send them again.
 */
export class RecentIds {
  readonly #ids = new Set<string>();

  /** @param capacity most ids kept. */
  constructor(private readonly capacity = 10_000) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    this.#ids.delete(id);
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.values().next();
      if (oldest.done !== true) this.#ids.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#ids.size;
  }
}
