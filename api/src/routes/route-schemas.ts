import { z } from 'zod';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '@tracey/common';
import { eiffelGraphVocabulary, pipelineGraphVocabulary } from '@tracey/graph';
import { LIMITS } from '../limits.js';

/** The link types of the protocols (Eiffel's and CDEvents'): what a request may name. */
export const LINK_TYPES: ReadonlySet<string> = new Set(pipelineGraphVocabulary.relationshipTypes);
const EVENT_TYPES = new Set(eiffelGraphVocabulary.eventLabels);

// Years 0000–9999: every such time has an ISO 8601 form and stays a valid Date after a window of
// days is subtracted from it (a Date ends at ±8.64e15 ms; past that toISOString throws).
const TIME_RANGE = { min: -62_167_219_200_000, max: 253_402_300_799_999 } as const;

/**
 * A time query parameter: ISO 8601 or milliseconds since the epoch, between the years 0000 and 9999.
 */
export const timeParameter = z
  .string()
  .transform((text, context) => {
    const value = /^-?\d+$/.test(text.trim()) ? Number(text) : Date.parse(text);
    if (!Number.isSafeInteger(value)) {
      context.addIssue({ code: 'custom', message: 'not an ISO 8601 time or milliseconds since the epoch' });
      return z.NEVER;
    }
    if (value < TIME_RANGE.min || value > TIME_RANGE.max) {
      context.addIssue({ code: 'custom', message: 'must be between the years 0000 and 9999' });
      return z.NEVER;
    }
    return value;
  })
  .optional();

/** An event id as the path gives it. */
export const eventIdParams = z.object({ id: z.string().min(1).max(200) });

/** A non-empty comma-separated list whose members must belong to `allowed`. */
function listOf(allowed: ReadonlySet<string>, what: string) {
  return z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .refine((items) => items.length > 0, { message: `give at least one ${what}` })
    .refine((items) => items.every((item) => allowed.has(item)), {
      message: `every ${what} must be one of: ${[...allowed].join(', ')}`,
    });
}

/** An integer query parameter in `[min, max]`, `fallback` when absent. */
export const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * A depth bound: an integer in `[1, LIMITS.maxDepth]`, or `unbounded`; absent means unbounded
 * (`null`): every chain is followed to its end and the node limit protects the server.
 */
export const depthBound = z
  .union([z.literal('unbounded'), z.coerce.number().int().min(1).max(LIMITS.maxDepth)])
  .optional()
  .transform((value) => (value === undefined || value === 'unbounded' ? null : value));

/** Query of `GET /events/:id/upstream|downstream`. */
export const traversalQuery = z.object({
  linkTypes: z
    .union([z.literal('ALL'), listOf(LINK_TYPES, 'link type')])
    .optional()
    .describe('Comma-separated link types to follow, or ALL (default).'),
  maxDepth: depthBound.describe(
    'Deepest level to visit: 1 to 1000000 or unbounded (the default). A cut answer says truncated: true and why.',
  ),
  stopAt: listOf(EVENT_TYPES, 'event type')
    .optional()
    .describe('Comma-separated event types that are included but not traversed past.'),
  limit: integer(1, LIMITS.maxNodes, LIMITS.defaultNodes).describe('Most nodes, start included.'),
});

/** Query of `GET /lead-time`. */
export const leadTimeQuery = z.object({
  from: z.string().min(1).max(200).describe('Id of the earlier (upstream) event.'),
  to: z.string().min(1).max(200).describe('Id of the later (downstream) event.'),
});

/** Body of `POST /cypher`. */
export const cypherBody = z.object({
  query: z.string().min(1).max(100_000),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .refine((params) => !nestedDeeperThan(params, MAX_JSON_DEPTH - 1), {
      message: `nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`,
    }),
});
