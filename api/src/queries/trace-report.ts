import type { ReadTransaction } from '@tracey/graph';
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { apiError } from '../api-error.js';
import { LIMITS } from '../limits.js';
import { readStoredNode } from './traversal.js';

/** A report request, already validated. */
export interface TraceRequest {
  readonly id: string;
  /** Deepest chain of links followed; `null` follows every chain to its end. */
  readonly maxDepth: number | null;
  /** Most events in the report; more is a 422. */
  readonly limit: number;
}

/** The event a report starts from. */
export interface ReportStart {
  readonly id: string;
  readonly type: string;
  readonly time: number;
}

/** A report's statements: what it lists, and optionally how to tell early that it is too large. */
export interface ReportStatements {
  readonly name: string;
  readonly types: readonly string[];
  /** Rows with a `depth` column; bounded statements read one level past `maxDepth`. */
  readonly statement: string;
  /** Counts at most `$limit` events, unordered (stops early); run first when depth is unbounded. */
  readonly countStatement?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Checks the start event (stored, of one of `types`). @throws API_NOT_FOUND, API_WRONG_EVENT_TYPE */
export async function readReportStart(
  tx: ReadTransaction,
  id: string,
  report: { readonly name: string; readonly types: readonly string[] },
): Promise<ReportStart> {
  const node = await readStoredNode(tx, id);
  const start = { id, type: node.type ?? '', time: node.time ?? 0 };
  checkReportType(start, report);
  return start;
}

/** Checks that a report may start at a stored event of this type. @throws API_WRONG_EVENT_TYPE */
export function checkReportType(
  start: ReportStart,
  report: { readonly name: string; readonly types: readonly string[] },
): void {
  if (!report.types.includes(start.type)) {
    throw apiError(
      'API_WRONG_EVENT_TYPE',
      `id: event ${start.id} is an ${start.type || 'event of unknown type'}; a ${report.name} report starts at one of: ${report.types.join(', ')}`,
      { id: start.id, type: start.type, accepted: report.types },
    );
  }
}

/** The refusal of a report with more than `limit` events. */
export function reportTooLarge(name: string, limit: number): Error {
  const narrow =
    name === 'releases' ? 'give until (a release)' : 'give since (an earlier release, or previous)';
  return apiError(
    'API_LIMIT_EXCEEDED',
    `the ${name} report has more than ${limit} events; ${narrow}, or raise limit (at most ${LIMITS.maxNodes})`,
    { limit: 'limit', value: limit },
  );
}

/**
 * Checks the start event and runs the report's statement for it. A report is complete or refused:
 * more than `limit` events, or links going on past `maxDepth`, answer 422 `API_LIMIT_EXCEEDED`
 * naming the limit, never a silently shorter report.
 * @throws API_NOT_FOUND, API_WRONG_EVENT_TYPE, API_LIMIT_EXCEEDED
 */
export async function runReport(
  tx: ReadTransaction,
  request: TraceRequest,
  report: ReportStatements,
): Promise<{ start: ReportStart; records: Neo4jRecord[] }> {
  const start = await readReportStart(tx, request.id, report);
  const params = { id: request.id, limit: neo4j.int(request.limit + 1), ...report.params };
  if (request.maxDepth === null && report.countStatement !== undefined) {
    const counted = await tx.run(report.countStatement, params);
    if (Number(counted.records[0]?.get('count') ?? 0) > request.limit) {
      throw reportTooLarge(report.name, request.limit);
    }
  }
  const result = await tx.run(report.statement, params);
  if (result.records.length > request.limit) throw reportTooLarge(report.name, request.limit);
  const maxDepth = request.maxDepth;
  if (maxDepth !== null && result.records.some((record) => Number(record.get('depth')) > maxDepth)) {
    throw apiError(
      'API_LIMIT_EXCEEDED',
      `the ${report.name} report goes on past maxDepth ${maxDepth}; a report is never cut short: raise maxDepth or leave it out`,
      { limit: 'maxDepth', value: maxDepth },
    );
  }
  return { start, records: result.records };
}
