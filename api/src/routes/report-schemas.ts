import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { parseEventSelector } from '../queries/event-selector.js';
import { depthBound, integer, timeParameter } from './route-schemas.js';

const reportBounds = {
  maxDepth: depthBound.describe(
    'Longest chain of links followed: 1 to 1000000 or unbounded (the default). A report with links past it is refused with 422, never cut short.',
  ),
  limit: integer(1, LIMITS.maxNodes, LIMITS.defaultNodes).describe(
    'Most events in the report; a larger report is refused with 422.',
  ),
};

const eventId = z.string().min(1).max(200);

/** Query of `GET /trace/:id/contents`. */
export const contentsQuery = z.object({
  ...reportBounds,
  since: eventId
    .optional()
    .describe(
      'Only what is new since an earlier release: its event id, or previous (the previous version of the same artifact or composition, or the same-named confidence level on it). The release notes.',
    ),
});

/** Query of `GET /trace/:id/releases`. */
export const releasesQuery = z.object({
  ...reportBounds,
  until: eventId
    .optional()
    .describe(
      'Only releases up to this release event (by its time): which releases first contained the change.',
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

const time = timeParameter;

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
