import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { parseEventSelector } from '../queries/event-selector.js';
import { integer } from './route-schemas.js';

/** Query of `GET /trace/:id/contents` and `/releases`. */
export const traceQuery = z.object({
  maxDepth: integer(1, LIMITS.maxDepth, LIMITS.maxDepth).describe('Longest chain of links followed.'),
  limit: integer(1, LIMITS.maxNodes, LIMITS.defaultNodes).describe(
    'Most events in the report; a larger report is refused with 422.',
  ),
});

const selector = z
  .string()
  .min(1)
  .max(1000)
  .transform((text, context) => {
    const result = parseEventSelector(text);
    if (result.ok) return result.selector;
    context.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });

const time = z
  .string()
  .transform((text, context) => {
    const value = /^-?\d+$/.test(text.trim()) ? Number(text) : Date.parse(text);
    if (Number.isSafeInteger(value)) return value;
    context.addIssue({ code: 'custom', message: 'not an ISO 8601 time or milliseconds since the epoch' });
    return z.NEVER;
  })
  .optional();

/** Query of `GET /lead-time/stats`. */
export const leadTimeStatsQuery = z
  .object({
    from: selector.describe('Upstream event kind: <type>[,<property>=<value>]...'),
    to: selector.describe('Downstream event kind: <type>[,<property>=<value>]...'),
    since: time.describe('Only "to" events at or after this time (ISO 8601 or ms).'),
    until: time.describe('Only "to" events before this time (ISO 8601 or ms).'),
    groupBy: z
      .literal('week')
      .optional()
      .describe('Also give the statistics per ISO week of the "to" event.'),
  })
  .refine((query) => query.since === undefined || query.until === undefined || query.since < query.until, {
    path: ['until'],
    message: 'must be later than since',
  });
