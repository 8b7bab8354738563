import { z } from 'zod';

// The query API's report answers, as far as the CLI reads them: loose objects, so fields the API
// adds later pass through to --json output untouched.

const text = z.string().nullable();

const event = z.looseObject({ id: z.string(), type: z.string(), time: z.number() });
const person = z.looseObject({ name: text, email: text }).nullable();

/** `GET /trace/:id/contents`. */
export const traceContentsAnswer = z.looseObject({
  start: event,
  since: event.nullable().optional(),
  sourceChanges: z.array(
    event.extend({ commitId: text, repoName: text, branch: text, author: person, submitter: person }),
  ),
  workItems: z.array(
    z.looseObject({
      eventId: text,
      issueId: text,
      tracker: text,
      title: text,
      resolvedBy: z.array(z.looseObject({ sourceChange: z.string(), relation: z.string() })),
    }),
  ),
  artifacts: z.array(event.extend({ identity: text })),
  thirdPartyComponents: z.array(event.extend({ identity: text })),
  compositions: z.array(event.extend({ name: text, version: text })),
  otherEvents: z.array(event),
  missing: z.array(z.looseObject({ id: z.string() })),
});
export type TraceContentsAnswer = z.output<typeof traceContentsAnswer>;

const reached = event.extend({ afterMs: z.number() });

/** `GET /trace/:id/releases`. */
export const traceReleasesAnswer = z.looseObject({
  start: event,
  until: event.nullable().optional(),
  compositions: z.array(reached.extend({ name: text, version: text })),
  artifacts: z.array(reached.extend({ identity: text })),
  publications: z.array(reached.extend({ artifact: text })),
  confidenceLevels: z.array(reached.extend({ name: text, value: text })),
  deployments: z.array(reached.extend({ kind: z.string(), name: text })),
  otherEvents: z.array(reached),
});
export type TraceReleasesAnswer = z.output<typeof traceReleasesAnswer>;

/** `GET /lead-time`. */
export const leadTimeAnswer = z.looseObject({
  from: z.string(),
  to: z.string(),
  milliseconds: z.number(),
  duration: z.string(),
  clockSkew: z.boolean().optional(),
  pathLength: z.number().optional(),
  pathElided: z.number().optional(),
  path: z.array(event.extend({ linkType: z.string().optional() })),
});
export type LeadTimeAnswer = z.output<typeof leadTimeAnswer>;

const figure = z.number().nullable();
const stats = z.looseObject({
  count: z.number(),
  min: figure,
  p50: figure,
  p90: figure,
  p99: figure,
  max: figure,
  mean: figure,
});

/** Count and duration figures (ms) of a set of lead times. */
export type LeadTimeFigures = z.output<typeof stats>;

/** `GET /lead-time/stats`. */
export const leadTimeStatsAnswer = stats.extend({
  unmatched: z.number(),
  groups: z.array(stats.extend({ week: z.string() })).optional(),
});
export type LeadTimeStatsAnswer = z.output<typeof leadTimeStatsAnswer>;
