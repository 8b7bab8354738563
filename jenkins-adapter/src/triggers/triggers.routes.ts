import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.js';
import type { RequestGuard } from '../routes/route-context.js';
import type { DecisionEntry } from './decision-log.js';
import type { TriggerService } from './trigger-service.js';

export interface TriggerRoutesOptions {
  /** The running triggers; undefined when no rules file is configured. */
  readonly triggers: TriggerService | undefined;
  /** The adapter's token guard: the history shows which jobs run for which events. */
  readonly guard: RequestGuard;
}

const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

/** Body of `GET /triggers/history`. */
export interface TriggerHistory {
  readonly enabled: boolean;
  readonly rules: readonly string[];
  /** Newest first. */
  readonly entries: readonly DecisionEntry[];
  /** Older decisions no longer kept. */
  readonly dropped: number;
}

/** `GET /triggers/history?limit=N`: the decision log, newest first, behind the adapter's token. */
export function triggerRoutes(app: FastifyInstance, options: TriggerRoutesOptions): void {
  app.get('/triggers/history', { onRequest: options.guard }, (request, reply) => {
    const { limit } = parseInput(historyQuery, request.query, 'query');
    const { triggers } = options;
    const body: TriggerHistory = {
      enabled: triggers !== undefined,
      rules: triggers?.rules.map((rule) => rule.name) ?? [],
      entries: triggers?.history.newest(limit) ?? [],
      dropped: triggers?.history.droppedCount ?? 0,
    };
    void reply.send(body);
  });
}
