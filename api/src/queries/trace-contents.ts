import neo4j, { type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import { apiError } from '../api-error.js';
import {
  dataIssuesOf,
  eventData,
  issueDetailsOf,
  personOf,
  sourceIdentityOf,
  type IssueDetails,
  type Person,
  type SourceIdentity,
} from './source-change.js';
import { reachDifference, type WalkNode } from './reach-difference.js';
import { previousRelease } from './previous-release.js';
import {
  CONTENT_STEP_CYPHER,
  CONTENTS_COUNT_CYPHER,
  CONTENTS_OF_CYPHER,
  REACHED_CONTENT_CYPHER,
  REACHED_WORK_ITEM_CYPHER,
  contentsCypher,
} from './trace-cypher.js';
import {
  ARTIFACT_CREATED,
  COMPOSITION_DEFINED,
  RELEASE_TYPES,
  SOURCE_CHANGE_CREATED,
  SOURCE_CHANGE_SUBMITTED,
} from './trace-links.js';
import {
  readReportStart,
  reportTooLarge,
  runReport,
  type ReportStart,
  type TraceRequest,
} from './trace-report.js';

/** An event of a report: where it is, and how many links from the start. */
export interface ReportEvent {
  readonly id: string;
  readonly type: string;
  readonly time: number;
  readonly depth: number;
}

export interface SourceChangeItem extends ReportEvent, SourceIdentity {
  /** The change's author (SourceChangeCreated). */
  readonly author: Person | null;
  /** Who submitted it (SourceChangeSubmitted). */
  readonly submitter: Person | null;
}

/** How a source change relates to a work item. */
export interface Resolution {
  readonly sourceChange: string;
  readonly relation: 'RESOLVED_ISSUE' | 'PARTIALLY_RESOLVED_ISSUE';
}

export interface WorkItem extends IssueDetails {
  /** The EiffelIssueDefinedEvent, or `null` for an issue named only in a change's `data.issues`. */
  readonly eventId: string | null;
  /** Its time; `null` when no event defines it (or it has not arrived). */
  readonly time: number | null;
  readonly resolvedBy: Resolution[];
}

export interface ArtifactItem extends ReportEvent {
  readonly identity: string | null;
  readonly name: string | null;
}

export interface CompositionItem extends ReportEvent {
  readonly name: string | null;
  readonly version: string | null;
}

/** What a release is made of, grouped by kind; each group nearest first. */
export interface TraceContents {
  readonly start: ReportStart;
  /**
   * With `since`: the earlier release the report leaves out, and the report holds only what this
   * release reaches and that one does not (the release notes). `null`: the full contents (no
   * `since`, or `since=previous` of a first version).
   */
  readonly since: ReportStart | null;
  readonly sourceChanges: SourceChangeItem[];
  readonly workItems: WorkItem[];
  /** Artifacts a pipeline in the graph made. */
  readonly artifacts: ArtifactItem[];
  /** Artifacts nothing in the graph made: no CAUSE, CONTEXT or COMPOSITION link of their own. */
  readonly thirdPartyComponents: ArtifactItem[];
  readonly compositions: CompositionItem[];
  /** Other events on the way, e.g. artifact reuses and deployments. */
  readonly otherEvents: ReportEvent[];
  /** Linked to but never stored: the report is incomplete there. */
  readonly missing: { readonly id: string; readonly depth: number }[];
}

interface IssueLink {
  readonly relation: Resolution['relation'];
  readonly id: string;
  readonly time: number | null;
  readonly event: string | null;
}

/** A contents request: the bounds of every report, and optionally the release to leave out. */
export interface ContentsRequest extends TraceRequest {
  /** An earlier release's id, or `previous`. */
  readonly since?: string;
}

/** How a difference walk prunes by time and how much it may see. */
export interface DifferenceSettings {
  readonly clockSkewMs: number;
  readonly searchBudget: number;
}

/**
 * Trace-down: what the release `request.id` contains, in one statement; with `since`, only what
 * it reaches and the earlier release does not.
 * @throws API_NOT_FOUND, API_WRONG_EVENT_TYPE, API_LIMIT_EXCEEDED
 */
export async function traceContents(
  tx: ManagedTransaction,
  request: ContentsRequest,
  settings: DifferenceSettings,
): Promise<TraceContents> {
  if (request.since !== undefined) {
    const start = await readReportStart(tx, request.id, CONTENTS_REPORT);
    const since =
      request.since === 'previous'
        ? await previousRelease(tx, start)
        : await readReportStart(tx, request.since, { name: 'since', types: RELEASE_TYPES });
    if (since !== null) return contentsSince(tx, request, start, since, settings);
  }
  const { start, records } = await runReport(tx, request, {
    ...CONTENTS_REPORT,
    statement: contentsCypher(request.maxDepth),
    countStatement: CONTENTS_COUNT_CYPHER,
  });
  return groupContents(start, null, records);
}

const CONTENTS_REPORT = { name: 'contents', types: RELEASE_TYPES } as const;

/** The contents `start` reaches and `since` does not, by a walk that stops at shared history. */
async function contentsSince(
  tx: ManagedTransaction,
  request: TraceRequest,
  start: ReportStart,
  since: ReportStart,
  settings: DifferenceSettings,
): Promise<TraceContents> {
  const node = (event: ReportStart): WalkNode => ({ ...event, stored: true });
  const difference = await reachDifference(
    { root: node(start), exclude: node(since) },
    {
      expand: async (ids) =>
        (await tx.run(CONTENT_STEP_CYPHER, { ids, ...window(since, settings) })).records.map(walkNode),
      // What `since` reaches is not newer than it (within the tolerance): a later root is not
      // reached, and needs no round trip to say so.
      isShared: async (root) =>
        (root.time ?? 0) <= since.time + settings.clockSkewMs &&
        (await reachedFrom(tx, REACHED_CONTENT_CYPHER, since, [root.id], settings)).has(root.id),
    },
    settings.searchBudget,
  );
  const rows = [...difference.nodes.values()].sort(
    (a, b) => a.depth - b.depth || (a.time ?? 0) - (b.time ?? 0) || a.id.localeCompare(b.id),
  );
  if (rows.length > request.limit) throw reportTooLarge('contents', request.limit);
  const maxDepth = request.maxDepth;
  if (maxDepth !== null && rows.some((row) => row.depth > maxDepth)) {
    throw apiError(
      'API_LIMIT_EXCEEDED',
      `the contents report goes on past maxDepth ${maxDepth}; a report is never cut short: raise maxDepth or leave it out`,
      { limit: 'maxDepth', value: maxDepth },
    );
  }
  const result = await tx.run(CONTENTS_OF_CYPHER, {
    rows: rows.map((row) => ({ id: row.id, depth: neo4j.int(row.depth) })),
  });
  const report = groupContents(start, since, result.records);
  // A work item counts as new only when no change `since` reaches resolves it too.
  const linked = report.workItems.filter((item) => item.eventId !== null).map((item) => item.eventId ?? '');
  const old = await reachedFrom(tx, REACHED_WORK_ITEM_CYPHER, since, linked, settings);
  const workItems = report.workItems.filter((item) => item.eventId === null || !old.has(item.eventId));
  return { ...report, workItems };
}

/** Which of `ids` the event `from` reaches by the statement's links, within the time window. */
async function reachedFrom(
  tx: ManagedTransaction,
  statement: string,
  from: ReportStart,
  ids: readonly string[],
  settings: DifferenceSettings,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await tx.run(statement, { ids, ...window(from, settings) });
  return new Set(
    result.records
      .filter((record) => record.get('reached') === true)
      .map((record) => record.get('id') as string),
  );
}

/** The parameters of a "does `from` reach it" check: who asks, and the time window's margins. */
function window(from: ReportStart, settings: DifferenceSettings): Record<string, unknown> {
  return { from: from.id, hi: from.time + settings.clockSkewMs, skew: settings.clockSkewMs };
}

function walkNode(record: Neo4jRecord): WalkNode & { shared: boolean } {
  const stored = record.get('stored') as boolean;
  return {
    id: record.get('id') as string,
    type: stored ? (record.get('type') as string) : null,
    time: stored ? (record.get('time') as number) : null,
    stored,
    shared: record.get('reached') as boolean,
  };
}

/** The report from its rows (any order of kinds; each group keeps the rows' order). */
function groupContents(
  start: ReportStart,
  since: ReportStart | null,
  records: readonly Neo4jRecord[],
): TraceContents {
  const report: TraceContents = {
    start,
    since,
    sourceChanges: [],
    workItems: [],
    artifacts: [],
    thirdPartyComponents: [],
    compositions: [],
    otherEvents: [],
    missing: [],
  };
  const workItems = new Map<string, WorkItem>();
  for (const record of records) {
    const item = reportEvent(record);
    if (!(record.get('stored') as boolean)) {
      report.missing.push({ id: item.id, depth: item.depth });
    } else if (item.type === SOURCE_CHANGE_CREATED || item.type === SOURCE_CHANGE_SUBMITTED) {
      const data = eventData(record.get('event') as string | null);
      report.sourceChanges.push({
        ...item,
        ...sourceIdentityOf(data),
        author: personOf(data, 'author'),
        submitter: personOf(data, 'submitter'),
      });
      for (const link of record.get('issues') as IssueLink[]) {
        addResolution(workItems, link.id, linkedWorkItem(link), {
          sourceChange: item.id,
          relation: link.relation,
        });
      }
      for (const issue of dataIssuesOf(data)) {
        const { relation, ...details } = issue;
        const workItem: WorkItem = { ...details, title: null, eventId: null, time: null, resolvedBy: [] };
        const key = `${issue.tracker ?? ''}\u0000${issue.issueId}`;
        addResolution(workItems, key, workItem, { sourceChange: item.id, relation });
      }
    } else if (item.type === ARTIFACT_CREATED) {
      const artifact = { ...item, identity: optional(record, 'identity'), name: optional(record, 'name') };
      (record.get('thirdParty') === true ? report.thirdPartyComponents : report.artifacts).push(artifact);
    } else if (item.type === COMPOSITION_DEFINED) {
      report.compositions.push({
        ...item,
        name: optional(record, 'name'),
        version: optional(record, 'dataVersion'),
      });
    } else {
      report.otherEvents.push(item);
    }
  }
  report.workItems.push(...workItems.values());
  return report;
}

function reportEvent(record: Neo4jRecord): ReportEvent {
  return {
    id: record.get('id') as string,
    type: (record.get('type') as string | null) ?? '',
    time: (record.get('time') as number | null) ?? 0,
    depth: record.get('depth') as number,
  };
}

function optional(record: Neo4jRecord, key: string): string | null {
  const value = record.get(key) as unknown;
  return typeof value === 'string' ? value : null;
}

function linkedWorkItem(link: IssueLink): WorkItem {
  const details = issueDetailsOf(eventData(link.event));
  return { ...details, eventId: link.id, time: link.event === null ? null : link.time, resolvedBy: [] };
}

function addResolution(
  items: Map<string, WorkItem>,
  key: string,
  item: WorkItem,
  resolution: Resolution,
): void {
  const known = items.get(key) ?? item;
  items.set(key, known);
  known.resolvedBy.push(resolution);
}
