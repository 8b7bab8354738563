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
      outcome: text.describe(
        'Verdict, conclusion, outcome or confidence value (e.g. PASSED, SUCCESSFUL, success, SUCCESS); null when the type has none.',
      ),
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
      kind: z.enum(['artifact-deployed', 'environment', 'activity', 'service']),
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

export type MissingLinksAnswer = z.output<typeof missingLinksAnswer>;

/** One event of `GET /events/live` (the data of an `event` frame). */
export const liveEvent = z.object({
  id: z.string(),
  type: z.string(),
  time: z.number(),
  protocol: z.enum(['eiffel', 'cdevents']),
});
export type LiveEvent = z.output<typeof liveEvent>;

/** `POST /cypher`. */
export const cypherAnswer = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
});

/** `GET /audit`: the newest entries of the audit trail (docs/SECURITY.md#audit). */
export const auditAnswer = z.object({
  entries: z.array(
    z.looseObject({
      time: z.string(),
      kind: z.enum(['request', 'refused', 'cypher', 'trigger']),
      actor: z.string().nullable().describe("The token's name; null when none was known."),
    }),
  ),
});

/** `GET /health`. */
export const healthAnswer = z.object({ status: z.literal('ok') });

/** `GET /ready`. */
export const readyAnswer = z.object({ status: z.literal('ready') });

// DORA keys (docs/dora.md): times of events in ms since the epoch, windows and periods as ISO 8601.
const doraTier = z.enum(['elite', 'high', 'medium', 'low']).nullable();
const doraTiers = { tier2023: doraTier, tier2021: doraTier };
const doraDurations = {
  sample: z.number(),
  medianMs: z.number().nullable(),
  p75Ms: z.number().nullable(),
  p90Ms: z.number().nullable(),
};

/** The five keys over one window (or period). */
export const doraKeysAnswer = z.object({
  deploymentFrequency: z.object({
    value: z.number().describe('Deployment days per week.'),
    sample: z.number(),
    deployments: z.number(),
    successful: z.number(),
    deploymentDays: z.number(),
    perDay: z.number().describe('Successful deployments per day: what the tier is of.'),
    days: z.number(),
    ...doraTiers,
  }),
  leadTime: z.object({
    value: z.number().nullable().describe('Median, ms.'),
    ...doraDurations,
    ...doraTiers,
  }),
  changeFailureRate: z.object({
    value: z.number().nullable(),
    sample: z.number(),
    failed: z.number(),
    deployments: z.number(),
    ...doraTiers,
  }),
  recoveryTime: z.object({
    value: z.number().nullable().describe('Median detected → resolved, ms.'),
    ...doraDurations,
    fromDeployment: z.object(doraDurations).describe('Cause deployed → resolved.'),
    ...doraTiers,
  }),
  reworkRate: z.object({
    value: z.number().nullable(),
    sample: z.number(),
    rework: z.number(),
    deployments: z.number(),
  }),
});
export type DoraKeysAnswer = z.output<typeof doraKeysAnswer>;

const doraScope = {
  since: z.string(),
  until: z.string(),
  services: z.array(z.string()).nullable().describe('The services asked for (service, team), null for all.'),
  environment: z
    .string()
    .nullable()
    .describe('The environment asked for; null: the production environments.'),
};

/** `GET /dora/changes/:id`: where a change was first delivered in each environment, and when. */
export const doraChangeAnswer = z.object({
  id: z.string().describe('The event asked for.'),
  since: z.string(),
  until: z.string(),
  change: z
    .object({
      id: z.string().describe("The change's id: its newest event's."),
      eventIds: z.array(z.string()).describe('The events that are this one change (CHANGE / SAME_CHANGE).'),
      time: z.number().describe('Its start, ms: the earliest time of its events.'),
    })
    .nullable()
    .describe('null: no deployment of the window delivered it.'),
  arrivals: z.array(
    z.object({
      environment: z.string(),
      production: z.boolean(),
      service: z.string(),
      deploymentId: z.string().describe('The first successful deployment that delivered it there.'),
      time: z.number(),
      leadTimeMs: z.number().describe("From the change's start to that deployment."),
      seed: z.boolean(),
    }),
  ),
});
export type DoraChangeAnswer = z.output<typeof doraChangeAnswer>;

/** `GET /dora`. */
export const doraAnswer = z.object({
  ...doraScope,
  keys: doraKeysAnswer,
  groups: z.array(z.object({ period: z.string(), keys: doraKeysAnswer })),
});
export type DoraAnswer = z.output<typeof doraAnswer>;

/** A deployment of `GET /dora/deployments`. */
export const doraDeployment = z.object({
  id: z.string(),
  source: z.enum(['cdevents', 'eiffel-artifact-deployed', 'eiffel-activity']),
  rollback: z.boolean(),
  service: z.string(),
  environment: z.string(),
  production: z.boolean(),
  artifact: z.string().nullable(),
  time: z.number(),
  outcome: z.enum(['success', 'failure']),
  rolledBackBy: z.string().nullable(),
  incidents: z.array(z.string()),
  failed: z.boolean(),
  rework: z.boolean(),
  previousDeploymentId: z.string().nullable(),
  seed: z.boolean(),
  changes: z.array(
    z.object({
      id: z.string(),
      eventIds: z.array(z.string()),
      time: z.number(),
      leadTimeMs: z.number(),
      counted: z.boolean(),
      stages: z
        .object({
          codingMs: z.number().nullable(),
          reviewMs: z.number().nullable(),
          deliveryMs: z.number().nullable(),
          releaseMs: z.number().nullable(),
        })
        .describe(
          'The lead time in stages, null where the graph holds no end: coding (start → pull request opened), review (→ merged), delivery (merged → its first deployment anywhere, of the same service), release (→ this deployment).',
        ),
    }),
  ),
});

/** `GET /dora/deployments`. */
export const doraDeploymentsAnswer = z.object({ ...doraScope, deployments: z.array(doraDeployment) });
export type DoraDeploymentsAnswer = z.output<typeof doraDeploymentsAnswer>;

/**
 * `GET /deploy-frequency/:period`: successful deployments per service and period, in the shape
 * dashboards of the CloudEvents DORA pipelines read (dora-cloudevents).
 */
export const deployFrequencyAnswer = z.array(
  z.object({
    DeployName: z.string().describe('The service.'),
    Deployments: z.number(),
    Time: z.string().describe('Start of the period (UTC, weeks start on Monday), ISO 8601.'),
  }),
);
export type DeployFrequencyAnswer = z.output<typeof deployFrequencyAnswer>;

/** `GET /dora/incidents`. */
export const doraIncidentsAnswer = z.object({
  ...doraScope,
  incidents: z.array(
    z.object({
      id: z.string(),
      eventIds: z.array(z.string()),
      service: z.string().nullable(),
      environment: z.string().nullable(),
      artifact: z.string().nullable(),
      detectedAt: z.number(),
      resolvedAt: z.number().nullable(),
      cause: z.object({
        deploymentId: z.string().nullable(),
        method: z.enum(['explicit', 'root-cause', 'artifact', 'window', 'none']),
      }),
      recoveryMs: z.number().nullable(),
      fromDeploymentMs: z.number().nullable(),
    }),
  ),
});
export type DoraIncidentsAnswer = z.output<typeof doraIncidentsAnswer>;
