import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RequestGuard } from '@tracey/http-kit';
import { errorAnswers, failedTriggersAnswer, replayAnswer, triggerHistoryAnswer } from '../routes/answers.js';
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

// No body is every parked trigger, up to the default limit.
const replayBody = z
  .strictObject({
    rule: z.string().min(1).max(200).optional(),
    eventId: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(REPLAY_LIMITS.max).default(REPLAY_LIMITS.default),
  })
  .prefault({});

const TAGS = ['Triggers'];
const security = [{ bearer: [] }];
const errors = errorAnswers([400, 401, 500]);

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
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/triggers/failed',
    {
      onRequest: options.guard,
      schema: {
        tags: TAGS,
        summary: 'The parked triggers, oldest first',
        security,
        querystring: failedQuery,
        response: { 200: failedTriggersAnswer, ...errors },
      },
    },
    (request, reply) => {
      const { limit } = request.query;
      const failed = options.triggers?.failedTriggers(limit) ?? { total: 0, entries: [] };
      const body: FailedTriggers = { enabled: options.triggers !== undefined, ...failed };
      void reply.send(body);
    },
  );
  api.post(
    '/triggers/failed/replay',
    {
      onRequest: options.guard,
      schema: {
        tags: TAGS,
        summary: 'One more attempt of each of the oldest parked triggers',
        security,
        body: replayBody,
        response: { 200: replayAnswer, ...errorAnswers([400, 401, 413, 415, 500]) },
      },
    },
    async (request) => {
      const filter = request.body;
      const answer = (await options.triggers?.replay(filter)) ?? { results: [], notTried: 0 };
      for (const result of answer.results) options.onReplayed?.(result);
      return answer;
    },
  );
  api.get(
    '/triggers/history',
    {
      onRequest: options.guard,
      schema: {
        tags: TAGS,
        summary: 'The decision log, newest first',
        security,
        querystring: historyQuery,
        response: { 200: triggerHistoryAnswer, ...errors },
      },
    },
    (request, reply) => {
      const { limit } = request.query;
      const { triggers } = options;
      const body: TriggerHistory = {
        enabled: triggers !== undefined,
        rules: triggers?.rules.map((rule) => rule.name) ?? [],
        entries: triggers?.history.newest(limit) ?? [],
        dropped: triggers?.history.droppedCount ?? 0,
      };
      void reply.send(body);
    },
  );
}
