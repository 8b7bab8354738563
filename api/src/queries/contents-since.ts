import neo4j, { type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import { apiError } from '../api-error.js';
import { groupContents, type TraceContents } from './contents-report.js';
import { reachDifference, type WalkNode } from './reach-difference.js';
import {
  CONTENT_STEP_CYPHER,
  CONTENTS_OF_CYPHER,
  REACHED_CONTENT_CYPHER,
  REACHED_WORK_ITEM_CYPHER,
} from './trace-cypher.js';
import { reportTooLarge, type ReportStart, type TraceRequest } from './trace-report.js';

/** How a difference walk prunes by time and how much it may see. */
export interface DifferenceSettings {
  readonly clockSkewMs: number;
  readonly searchBudget: number;
}

/** The contents `start` reaches and `since` does not, by a walk that stops at shared history. */
export async function contentsSince(
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
