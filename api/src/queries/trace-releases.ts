import type { ReadTransaction } from '@tracey/graph';
import type { Record as Neo4jRecord } from 'neo4j-driver';
import { releasesCountCypher, releasesCypher } from './trace-cypher.js';
import {
  ACTIVITY_TRIGGERED,
  ARTIFACT_CREATED,
  ARTIFACT_DEPLOYED,
  ARTIFACT_PUBLISHED,
  CD_ARTIFACT_TYPES,
  CD_DEPLOYMENT_TYPES,
  CD_PUBLICATION_TYPES,
  COMPOSITION_DEFINED,
  CONFIDENCE_LEVEL_MODIFIED,
  ENVIRONMENT_DEFINED,
  INGREDIENT_TYPES,
} from './trace-links.js';
import { RELEASE_TYPES } from './trace-links.js';
import { readReportStart, runReport, type ReportStart, type TraceRequest } from './trace-report.js';

/** A releases request: the bounds of every report, and optionally the last release to list. */
export interface ReleasesRequest extends TraceRequest {
  /** A release's id: only releases up to its time are listed (and searched). */
  readonly until?: string;
}

/**
 * An event a change reached. The change first reached it at its `time` (an event is reached once,
 * when it happens); `afterMs` is that time minus the start's.
 */
export interface ReachedEvent {
  readonly id: string;
  readonly type: string;
  readonly time: number;
  readonly afterMs: number;
  /** Fewest links between it and the start. */
  readonly depth: number;
}

export interface ReachedComposition extends ReachedEvent {
  readonly name: string | null;
  readonly version: string | null;
}

export interface ReachedArtifact extends ReachedEvent {
  readonly identity: string | null;
  readonly name: string | null;
}

export interface ReachedPublication extends ReachedEvent {
  /** The published artifact's event id. */
  readonly artifact: string | null;
}

export interface ReachedConfidenceLevel extends ReachedEvent {
  readonly name: string | null;
  readonly value: string | null;
  readonly subjects: string[];
}

/**
 * A deployment: an artifact deployed (`EiffelArtifactDeployedEvent`), an environment made of it
 * (`EiffelEnvironmentDefinedEvent` with RUNTIME_ENVIRONMENT), an activity it caused whose name
 * says deploy, or a CDEvents service deployed, upgraded or rolled back (`service`: `name` is the
 * service and `environment` the environment's id, as the event names them).
 */
export interface ReachedDeployment extends ReachedEvent {
  readonly kind: 'artifact-deployed' | 'environment' | 'activity' | 'service';
  readonly name: string | null;
  readonly artifact: string | null;
  readonly environment: string | null;
}

/** Everything made of a change or work item, grouped by kind, each group in time order. */
export interface TraceReleases {
  readonly start: ReportStart;
  /** With `until`: the release whose time bounds the report; `null` for every release. */
  readonly until: ReportStart | null;
  readonly compositions: ReachedComposition[];
  readonly artifacts: ReachedArtifact[];
  readonly publications: ReachedPublication[];
  readonly confidenceLevels: ReachedConfidenceLevel[];
  readonly deployments: ReachedDeployment[];
  /** Other events on the way: source changes, artifact reuses. */
  readonly otherEvents: ReachedEvent[];
}

interface DeployActivity {
  readonly id: string;
  readonly time: number;
  readonly name: string | null;
}

/**
 * Trace-up: every release `request.id` went into, in one statement.
 * @throws API_NOT_FOUND, API_WRONG_EVENT_TYPE, API_LIMIT_EXCEEDED
 */
export async function traceReleases(
  tx: ReadTransaction,
  request: ReleasesRequest,
  settings: { readonly clockSkewMs: number },
): Promise<TraceReleases> {
  const until =
    request.until === undefined
      ? null
      : await readReportStart(tx, request.until, { name: 'until', types: RELEASE_TYPES });
  const { start, records } = await runReport(tx, request, {
    name: 'releases',
    types: INGREDIENT_TYPES,
    statement: releasesCypher(request.maxDepth, until !== null),
    countStatement: releasesCountCypher(until !== null),
    params: { until: until?.time ?? null, skew: settings.clockSkewMs },
  });
  const report: TraceReleases = {
    start,
    until,
    compositions: [],
    artifacts: [],
    publications: [],
    confidenceLevels: [],
    deployments: [],
    otherEvents: [],
  };
  const activities = new Map<string, ReachedDeployment>();
  for (const record of records) {
    const item: ReachedEvent = {
      id: record.get('id') as string,
      type: record.get('type') as string,
      time: record.get('time') as number,
      afterMs: (record.get('time') as number) - start.time,
      depth: record.get('depth') as number,
    };
    const name = optional(record, 'name');
    const [artifact = null] = record.get('artifacts') as string[];
    const [environment = null] = record.get('environments') as string[];
    switch (item.type) {
      case COMPOSITION_DEFINED:
        report.compositions.push({ ...item, name, version: optional(record, 'dataVersion') });
        break;
      case ARTIFACT_CREATED:
        report.artifacts.push({ ...item, identity: optional(record, 'identity'), name });
        break;
      case ARTIFACT_PUBLISHED:
        report.publications.push({ ...item, artifact });
        break;
      case CONFIDENCE_LEVEL_MODIFIED:
        report.confidenceLevels.push({
          ...item,
          name,
          value: optional(record, 'value'),
          subjects: record.get('subjects') as string[],
        });
        break;
      case ARTIFACT_DEPLOYED:
        report.deployments.push({ ...item, kind: 'artifact-deployed', name, artifact, environment });
        break;
      case ENVIRONMENT_DEFINED:
        report.deployments.push({ ...item, kind: 'environment', name, artifact: null, environment: item.id });
        break;
      default:
        if (CD_DEPLOYMENT_TYPES.includes(item.type)) {
          const service = optional(record, 'serviceId');
          const where = optional(record, 'environmentId');
          report.deployments.push({ ...item, kind: 'service', name: service, artifact, environment: where });
        } else if (CD_ARTIFACT_TYPES.includes(item.type)) {
          report.artifacts.push({ ...item, identity: optional(record, 'identity'), name: null });
        } else if (CD_PUBLICATION_TYPES.includes(item.type)) {
          report.publications.push({ ...item, artifact });
        } else {
          report.otherEvents.push(item);
        }
    }
    for (const activity of record.get('deployActivities') as DeployActivity[]) {
      const known = activities.get(activity.id);
      if (known !== undefined && known.depth <= item.depth + 1) continue;
      activities.set(activity.id, {
        id: activity.id,
        type: ACTIVITY_TRIGGERED,
        time: activity.time,
        afterMs: activity.time - start.time,
        depth: item.depth + 1,
        kind: 'activity',
        name: activity.name,
        artifact: null,
        environment: null,
      });
    }
  }
  report.deployments.push(...activities.values());
  report.deployments.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  return report;
}

function optional(record: Neo4jRecord, key: string): string | null {
  const value = record.get(key) as unknown;
  return typeof value === 'string' ? value : null;
}
