import type { ReadTransaction } from '@tracey/graph';
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { apiError } from '../api-error.js';
import { groupContents, type ContentRow, type TraceContents } from './contents-report.js';
import { reachDifference, type FoundNode, type WalkNode } from './reach-difference.js';
import { contentStepCypher, REACHED_CONTENT_CYPHER } from './trace-cypher.js';
import { reportTooLarge, type ReportStart, type TraceRequest } from './trace-report.js';

/** How a difference walk prunes by time and how much it may see. */
export interface DifferenceSettings {
  readonly clockSkewMs: number;
  readonly searchBudget: number;
}

/** A node of the walk with the report's columns for it, as the step statement read them. */
type ContentNode = WalkNode & { readonly record: Neo4jRecord };

/**
 * The contents `start` reaches and `since` does not, by a walk that stops at shared history. The
 * walk's statements read each event's report columns as they go, so the report needs no round
 * trip of its own.
 */
export async function contentsSince(
  tx: ReadTransaction,
  request: TraceRequest,
  start: ReportStart,
  since: ReportStart,
  settings: DifferenceSettings,
): Promise<TraceContents> {
  const node = (event: ReportStart): WalkNode => ({ ...event, stored: true });
  const params = { from: since.id, hi: since.time + settings.clockSkewMs, skew: settings.clockSkewMs };
  const difference = await reachDifference<ContentNode>(
    { root: node(start), exclude: node(since) },
    {
      expand: async (ids, levels, perLevel) =>
        (
          await tx.run(contentStepCypher(levels), { ids, perLevel: neo4j.int(perLevel), ...params })
        ).records.map(contentNode),
      // What `since` reaches is not newer than it (within the tolerance): a later root is not
      // reached, and needs no round trip to say so.
      isShared: async (root) =>
        (root.time ?? 0) <= since.time + settings.clockSkewMs &&
        (await tx.run(REACHED_CONTENT_CYPHER, { ids: [root.id], ...params })).records.some(
          (record) => record.get('reached') === true,
        ),
    },
    settings.searchBudget,
  );
  const nodes = [...difference.nodes.values()].sort(
    (a, b) => a.depth - b.depth || (a.time ?? 0) - (b.time ?? 0) || a.id.localeCompare(b.id),
  );
  if (nodes.length > request.limit) throw reportTooLarge('contents', request.limit);
  const maxDepth = request.maxDepth;
  if (maxDepth !== null && nodes.some((row) => row.depth > maxDepth)) {
    throw apiError(
      'API_LIMIT_EXCEEDED',
      `the contents report goes on past maxDepth ${maxDepth}; a report is never cut short: raise maxDepth or leave it out`,
      { limit: 'maxDepth', value: maxDepth },
    );
  }
  const rows: ContentRow[] = nodes.map(({ record, depth }) => ({
    get: (key): unknown => (key === 'depth' ? depth : (record.get(key) as unknown)),
  }));
  const report = groupContents(start, since, rows);
  // A work item counts as new only when no change `since` reaches resolves it too.
  const old = new Set(
    nodes.flatMap(({ record }) =>
      (record.get('issues') as { id: string; old: boolean }[]).filter((i) => i.old).map((i) => i.id),
    ),
  );
  const workItems = report.workItems.filter((item) => item.eventId === null || !old.has(item.eventId));
  return { ...report, workItems };
}

function contentNode(record: Neo4jRecord): FoundNode<ContentNode> {
  const stored = record.get('stored') as boolean;
  return {
    id: record.get('id') as string,
    type: stored ? (record.get('type') as string) : null,
    time: stored ? (record.get('time') as number) : null,
    stored,
    shared: record.get('reached') as boolean,
    level: Number(record.get('level')),
    record,
  };
}
