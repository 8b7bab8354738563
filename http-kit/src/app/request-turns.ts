import type { FastifyRequest } from 'fastify';

/**
 * Requests of one caller taking turns: one runs, the others wait in order. A request that leaves
 * (answered, or its client gone) lets the next one run; one that leaves waiting just leaves.
 */
export class RequestTurns {
  private readonly running = new Map<string, FastifyRequest>();
  private readonly waiting = new Map<string, { request: FastifyRequest; run: () => void }[]>();

  enter(key: string, request: FastifyRequest, run: () => void): void {
    if (!this.running.has(key)) {
      this.running.set(key, request);
      run();
      return;
    }
    const queue = this.waiting.get(key) ?? [];
    queue.push({ request, run });
    this.waiting.set(key, queue);
  }

  leave(key: string, request: FastifyRequest): void {
    const queue = this.waiting.get(key);
    if (this.running.get(key) !== request) {
      // Not its turn yet: out of the queue (a client gone while it waited).
      const index = queue?.findIndex((entry) => entry.request === request) ?? -1;
      if (index >= 0) queue?.splice(index, 1);
      if (queue?.length === 0) this.waiting.delete(key);
      return;
    }
    const next = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(key);
    if (next === undefined) {
      this.running.delete(key);
      return;
    }
    this.running.set(key, next.request);
    next.run();
  }
}
