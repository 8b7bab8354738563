import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput, type RequestGuard } from '@tracey/http-kit';
import type { DecisionEntry } from './decision-log.js';
import type { ParkedTrigger } from './parked-triggers.js';
import type { ReplayResult } from './trigger-replay.js';
import type { TriggerService } from './trigger-service.js';

export interface TriggerRoutesOptions {
  /** The running triggers; undefined when no rules file is configured. */
  readonly triggers: TriggerService | undefined;
  /** The adapter's token guard: the history shows which jobs run for which events. */
  readonly guard: RequestGuard;
  /** Counts each replayed trigger by outcome. */
  readonly onReplayed?: (result: ReplayResult) => void;
}

const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

const failedQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
});

/**
 * Parked triggers one replay request tries, by default and at most: each may take a graph check
 * and an action (up to ~45 s), and the request waits for them all.
 */
export const REPLAY_LIMITS = { default: 5, max: 50 } as const;

const replayBody = z.strictObject({
  rule: z.string().min(1).max(200).optional(),
  eventId: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(REPLAY_LIMITS.max).default(REPLAY_LIMITS.default),
});

/** Body of `GET /triggers/failed`. */
export interface FailedTriggers {
  readonly enabled: boolean;
  /** Parked triggers in all. */
  readonly total: number;
  /** Oldest first, without the events. */
  readonly entries: readonly Omit<ParkedTrigger, 'event'>[];
}

/** Body of `GET /triggers/history`. */
export interface TriggerHistory {
  readonly enabled: boolean;
  readonly rules: readonly string[];
  /** Newest first. */
  readonly entries: readonly DecisionEntry[];
  /** Older decisions no longer kept. */
  readonly dropped: number;
}

/**
 * Behind the adapter's token: `GET /triggers/history?limit=N`, the decision log, newest first;
 * `GET /triggers/failed?limit=N`, the parked triggers, oldest first; `POST /triggers/failed/replay`
 * with `{rule?, eventId?, limit?}` (rule and event optional: everything), one more attempt of each
 * of the oldest `limit`, answered with what became of each and how many were not tried.
 */
export function triggerRoutes(app: FastifyInstance, options: TriggerRoutesOptions): void {
  app.get('/triggers/failed', { onRequest: options.guard }, (request, reply) => {
    const { limit } = parseInput(failedQuery, request.query, 'query');
    const failed = options.triggers?.failedTriggers(limit) ?? { total: 0, entries: [] };
    const body: FailedTriggers = { enabled: options.triggers !== undefined, ...failed };
    void reply.send(body);
  });
  app.post('/triggers/failed/replay', { onRequest: options.guard }, async (request) => {
    const filter = parseInput(replayBody, request.body ?? {}, 'body');
    const answer = (await options.triggers?.replay(filter)) ?? { results: [], notTried: 0 };
    for (const result of answer.results) options.onReplayed?.(result);
    return answer;
  });
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
