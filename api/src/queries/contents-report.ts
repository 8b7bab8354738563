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
import {
  ARTIFACT_CREATED,
  CD_ARTIFACT_TYPES,
  CD_CHANGE_TYPES,
  CD_PUBLICATION_TYPES,
  COMPOSITION_DEFINED,
  SOURCE_CHANGE_CREATED,
  SOURCE_CHANGE_SUBMITTED,
} from './trace-links.js';
import type { ReportStart } from './trace-report.js';

// The contents report's shape, and how its rows (one per event, with the contents statement's
// columns) become it: shared by the full report and the release notes (`since`).

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

/** A row of the contents statements' columns: a driver record, or one the caller assembled. */
export interface ContentRow {
  get(key: string): unknown;
}

/** The report from its rows (any order of kinds; each group keeps the rows' order). */
export function groupContents(
  start: ReportStart,
  since: ReportStart | null,
  records: readonly ContentRow[],
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
    } else if (CD_CHANGE_TYPES.includes(item.type)) {
      // A CDEvents change: what its event names (the change's own id is the event's subjectId).
      report.sourceChanges.push({
        ...item,
        vcs: null,
        commitId: optional(record, 'commitId'),
        repoName: optional(record, 'repository'),
        repoUri: null,
        branch: null,
        author: null,
        submitter: null,
      });
    } else if (CD_ARTIFACT_TYPES.includes(item.type) || CD_PUBLICATION_TYPES.includes(item.type)) {
      report.artifacts.push({ ...item, identity: optional(record, 'identity'), name: null });
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

function reportEvent(record: ContentRow): ReportEvent {
  return {
    id: record.get('id') as string,
    type: (record.get('type') as string | null) ?? '',
    time: (record.get('time') as number | null) ?? 0,
    depth: Number(record.get('depth')),
  };
}

function optional(record: ContentRow, key: string): string | null {
  const value = record.get(key);
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
