import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { integer, LINK_TYPES } from './route-schemas.js';

// Schemas of the Event Repository compatible endpoints: `GET /events`, `POST /search/:id`.

/** `true` / `false` as a query parameter. */
const flag = z.enum(['true', 'false']).transform((text) => text === 'true');

/** `-1` (no bound, up to the API's cap) or a positive integer up to `max`. */
const boundOrNone = (max: number, what: string) =>
  z.coerce
    .number()
    .int()
    .min(-1)
    .max(max)
    .refine((value) => value !== 0, { message: `must be -1 (no bound) or a positive number of ${what}` })
    .default(-1);

/** Parameters of `GET /events` that are not filters; everything else in the query is a filter. */
export const eventSearchQuery = z.object({
  pageNo: integer(1, 1_000_000, 1).describe('Page number, from 1.'),
  pageSize: integer(1, LIMITS.maxPageSize, LIMITS.defaultPageSize).describe(
    `Events per page, at most ${LIMITS.maxPageSize}.`,
  ),
  pageStartItem: integer(1, 1_000_000, 1).describe(
    'Item of the page to start from, from 1 (Event Repository parameter; 1 unless you need an offset).',
  ),
  readable: flag
    .default(false)
    .describe('true: meta.time as an ISO 8601 time instead of ms since the epoch.'),
  shallow: flag.optional().describe('Accepted for compatibility: Tracey is one repository, never federated.'),
  lazy: flag.optional().describe('Accepted for compatibility: the total is always counted.'),
});

/** Names of the parameters of `GET /events` that are not filters. */
export const EVENT_SEARCH_OPTIONS: ReadonlySet<string> = new Set(Object.keys(eventSearchQuery.shape));

const linkTypeList = z
  .array(
    z.string().refine((type) => type === 'ALL' || LINK_TYPES.has(type), {
      message: `must be ALL or an Eiffel link type (${[...LINK_TYPES].join(', ')})`,
    }),
  )
  .max(100)
  .default([]);

/** Body of `POST /search/:id`: link types to follow upstream (`ult`) and downstream (`dlt`). */
export const linkSearchBody = z
  .object({
    ult: linkTypeList.describe(
      'Link types followed upstream (ALL for every type); empty: no upstream search.',
    ),
    dlt: linkTypeList.describe(
      'Link types followed downstream (ALL for every type); empty: no downstream search.',
    ),
  })
  .strict();

/** Query of `POST /search/:id`. */
export const linkSearchQuery = z.object({
  limit: boundOrNone(LIMITS.maxNodes, 'events').describe(
    `Most events per direction; -1 (default): all, up to ${LIMITS.maxNodes} (more is a 422).`,
  ),
  levels: boundOrNone(LIMITS.maxDepth, 'levels').describe(
    'Deepest level to visit; -1 (default): every level.',
  ),
  tree: flag
    .default(false)
    .describe('true: nested arrays [event, subtree or event, ...] instead of flat lists.'),
  shallow: flag.optional().describe('Accepted for compatibility: Tracey is one repository, never federated.'),
});
