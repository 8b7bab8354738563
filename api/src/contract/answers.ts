import { z } from 'zod';
import { errorAnswer, type ErrorAnswerBody } from '@tracey/common';

// What the query API answers, one zod schema per answer: the routes declare them as their
// response schemas (documented in /openapi.json, typing the handlers' answers) and clients (the
// CLI) parse the answers with the same ones. Only zod and common here: no server code.
// Numbers are `z.number()`, never `.int()`: a schema serializer would truncate what an integer
// schema gets, and the answers' figures come straight from the graph.

const text = z.string().nullable();

/** The body of every error answer: the one of every Tracey service. */
export { errorAnswer };
export type ErrorAnswer = ErrorAnswerBody;

/** An Eiffel event as it was received (`meta.time` an ISO 8601 time with `readable=true`). */
export const storedEiffelEvent = z.looseObject({
  meta: z.looseObject({
    id: z.string(),
    type: z.string(),
    version: z.string(),
    time: z.union([z.number(), z.string()]),
  }),
  data: z.record(z.string(), z.unknown()),
  links: z.array(z.looseObject({ type: z.string(), target: z.string() })),
});
export type StoredEiffelEvent = z.output<typeof storedEiffelEvent>;

/** A CDEvent as it was received (docs/cdevents.md). */
export const storedCdEvent = z.looseObject({
  context: z.looseObject({ id: z.string(), type: z.string(), source: z.string(), timestamp: z.string() }),
  subject: z.looseObject({ id: z.string() }),
});

/** `GET /events/:id`: the event as it was received, of either protocol. */
export const storedEvent = z.union([storedEiffelEvent, storedCdEvent]);
export type StoredEvent = z.output<typeof storedEvent>;

/** `GET /events`: one page of the Event Repository compatible search. */
export const eventPageAnswer = z.object({
  pageNo: z.number(),
  pageSize: z.number(),
  totalNumberItems: z.number(),
  // The Event Repository's search: Eiffel events only.
  items: z.array(storedEiffelEvent),
});
export type EventPageAnswer = z.output<typeof eventPageAnswer>;

/** `POST /search/:id`: events as stored, or with `tree=true` nested arrays `[event, child, ...]`. */
export const linkSearchAnswer = z.object({
  upstreamLinkObjects: z
    .array(z.unknown())
    .describe('Events upstream; with tree=true, [event, subtree or event, ...] arrays.'),
  downstreamLinkObjects: z
    .array(z.unknown())
    .describe('Events downstream; with tree=true, [event, subtree or event, ...] arrays.'),
});

/** `GET /events/:id/upstream` and `/downstream`. */
export const traversalAnswer = z.object({
  start: z.string(),
  direction: z.enum(['upstream', 'downstream']),
  nodes: z.array(
    z.object({
      id: z.string(),
      type: text.describe('null for a placeholder: linked to, never stored.'),
      time: z.number().nullable(),
      depth: z.number(),
      placeholder: z.boolean(),
    }),
  ),
  edges: z.array(z.object({ source: z.string(), target: z.string(), linkType: z.string() })),
  truncated: z.boolean(),
  truncatedBy: z.enum(['limit', 'maxDepth']).nullable(),
  reached: z.number(),
});
export type TraversalAnswer = z.output<typeof traversalAnswer>;

const reportStart = z.object({ id: z.string(), type: z.string(), time: z.number() });
const reportEvent = reportStart.extend({ depth: z.number() });
const person = z.object({ name: text, email: text, id: text, group: text });
const relation = z.enum(['RESOLVED_ISSUE', 'PARTIALLY_RESOLVED_ISSUE']);

/** `GET /trace/:id/contents`. */
export const traceContentsAnswer = z.object({
  start: reportStart,
  since: reportStart.nullable(),
  sourceChanges: z.array(
    reportEvent.extend({
      vcs: z.enum(['git', 'svn', 'hg', 'cc']).nullable(),
      commitId: text,
      repoName: text,
      repoUri: text,
      branch: text,
      author: person.nullable(),
      submitter: person.nullable(),
    }),
  ),
  workItems: z.array(
    z.object({
      issueId: text,
      issueType: text,
      tracker: text,
      uri: text,
      title: text,
      eventId: text,
      time: z.number().nullable(),
      resolvedBy: z.array(z.object({ sourceChange: z.string(), relation })),
    }),
  ),
  artifacts: z.array(reportEvent.extend({ identity: text, name: text })),
  thirdPartyComponents: z.array(reportEvent.extend({ identity: text, name: text })),
  compositions: z.array(reportEvent.extend({ name: text, version: text })),
  otherEvents: z.array(reportEvent),
  missing: z.array(z.object({ id: z.string(), depth: z.number() })),
});
export type TraceContentsAnswer = z.output<typeof traceContentsAnswer>;

const reached = reportEvent.extend({ afterMs: z.number() });

/** `GET /trace/:id/releases`. */
export const traceReleasesAnswer = z.object({
  start: reportStart,
  until: reportStart.nullable(),
  compositions: z.array(reached.extend({ name: text, version: text })),
  artifacts: z.array(reached.extend({ identity: text, name: text })),
  publications: z.array(reached.extend({ artifact: text })),
  confidenceLevels: z.array(reached.extend({ name: text, value: text, subjects: z.array(z.string()) })),
  deployments: z.array(
    reached.extend({
      kind: z.enum(['artifact-deployed', 'environment', 'activity']),
      name: text,
      artifact: text,
      environment: text,
    }),
  ),
  otherEvents: z.array(reached),
});
export type TraceReleasesAnswer = z.output<typeof traceReleasesAnswer>;

/** `GET /lead-time`. */
export const leadTimeAnswer = z.object({
  from: z.string(),
  to: z.string(),
  milliseconds: z.number(),
  duration: z.string(),
  clockSkew: z.boolean(),
  pathLength: z.number(),
  path: z.array(
    z.object({ id: z.string(), type: z.string(), time: z.number(), linkType: z.string().optional() }),
  ),
  pathElided: z.number(),
});
export type LeadTimeAnswer = z.output<typeof leadTimeAnswer>;

const figure = z.number().nullable();
const durationStats = z.object({
  count: z.number(),
  min: figure,
  p50: figure,
  p90: figure,
  p99: figure,
  max: figure,
  mean: figure,
});

/** Count and duration figures (ms) of a set of lead times. */
export type LeadTimeFigures = z.output<typeof durationStats>;

const selector = z.object({
  type: z.string(),
  filters: z.array(z.object({ property: z.string(), value: z.string() })).readonly(),
});

/** `GET /lead-time/stats`. */
export const leadTimeStatsAnswer = durationStats.extend({
  from: selector,
  to: selector,
  since: z.number().nullable(),
  until: z.number().nullable(),
  unmatched: z.number(),
  groups: z.array(durationStats.extend({ week: z.string() })).optional(),
});
export type LeadTimeStatsAnswer = z.output<typeof leadTimeStatsAnswer>;

/** `GET /missing-links`. */
export const missingLinksAnswer = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      since: z.number(),
      ageMs: z.number(),
      linkedFrom: z
        .array(z.object({ source: z.string(), sourceType: z.string(), linkType: z.string() }))
        .readonly(),
    }),
  ),
});

/** `POST /cypher`. */
export const cypherAnswer = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
});

/** `GET /health`. */
export const healthAnswer = z.object({ status: z.literal('ok') });

/** `GET /ready`. */
export const readyAnswer = z.object({ status: z.literal('ready') });
