import { z } from 'zod';
import { formatEventPath, testCondition } from '@tracey/producer-core';
import { getFromQueryApi, type QueryApi } from '../query-api.js';
import type { UpstreamCondition } from './trigger-rule.js';

export type UpstreamResult =
  | { readonly kind: 'holds'; readonly detail: string }
  | { readonly kind: 'not'; readonly reason: string }
  | { readonly kind: 'retryable'; readonly reason: string };

const traversal = z.object({
  nodes: z.array(
    z.object({ id: z.string(), type: z.string().nullable(), depth: z.number(), placeholder: z.boolean() }),
  ),
});

/** Most upstream events of the wanted type read to test the condition on. */
const MAX_CANDIDATES = 25;
const REQUEST_TIMEOUT_MS = 15_000;

async function getJson(
  api: QueryApi,
  path: string,
  signal: AbortSignal,
): Promise<{ status: number; body: unknown }> {
  const response = await getFromQueryApi(
    api,
    path,
    AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  );
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/**
 * Answers a rule's graph condition through the query API: `GET /events/:id/upstream` with the
 * rule's link types, then `GET /events/:id` for upstream events of the wanted type, testing
 * each until one passes. A trigger event not stored yet (the aggregator is a little behind the
 * exchange) and an unreachable API are retryable.
 */
export async function checkUpstream(
  condition: UpstreamCondition,
  eventId: string,
  api: QueryApi,
  signal: AbortSignal,
): Promise<UpstreamResult> {
  const query = new URLSearchParams({ maxDepth: String(condition.maxDepth), limit: '1000' });
  if (condition.linkTypes !== undefined) query.set('linkTypes', condition.linkTypes.join(','));
  try {
    const upstream = await getJson(
      api,
      `events/${encodeURIComponent(eventId)}/upstream?${query.toString()}`,
      signal,
    );
    if (upstream.status === 404) return { kind: 'retryable', reason: 'the event is not in the graph yet' };
    if (upstream.status !== 200)
      return { kind: 'retryable', reason: `query API answered ${upstream.status}` };
    const parsed = traversal.safeParse(upstream.body);
    if (!parsed.success) return { kind: 'retryable', reason: 'query API answered an unexpected body' };
    const candidates = parsed.data.nodes
      .filter((node) => node.depth > 0 && !node.placeholder && node.type === condition.type)
      .slice(0, MAX_CANDIDATES);
    for (const candidate of candidates) {
      const event = await getJson(api, `events/${encodeURIComponent(candidate.id)}`, signal);
      if (event.status !== 200) return { kind: 'retryable', reason: `query API answered ${event.status}` };
      if (testCondition(condition.test, event.body))
        return { kind: 'holds', detail: `upstream ${condition.type} ${candidate.id}` };
    }
    const what = formatEventPath(condition.test.path);
    return {
      kind: 'not',
      reason: `no upstream ${condition.type} (of ${candidates.length}) passes the test on ${what}`,
    };
  } catch (error) {
    return {
      kind: 'retryable',
      reason: `query API unreachable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
