import neo4j, { type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import { apiError } from '../api-error.js';
import { readStoredNode } from './traversal.js';

/** A report request, already validated. */
export interface TraceRequest {
  readonly id: string;
  /** Deepest chain of links followed. */
  readonly maxDepth: number;
  /** Most events in the report; more is a 422. */
  readonly limit: number;
}

/** The event a report starts from. */
export interface ReportStart {
  readonly id: string;
  readonly type: string;
  readonly time: number;
}

/**
 * Checks the start event (stored, of one of `types`) and runs `statement` for it, refusing an
 * answer of more than `limit` events.
 * @throws API_NOT_FOUND, API_WRONG_EVENT_TYPE, API_LIMIT_EXCEEDED
 */
export async function runReport(
  tx: ManagedTransaction,
  request: TraceRequest,
  report: { readonly name: string; readonly types: readonly string[]; readonly statement: string },
): Promise<{ start: ReportStart; records: Neo4jRecord[] }> {
  const node = await readStoredNode(tx, request.id);
  const type = node.type ?? '';
  if (!report.types.includes(type)) {
    throw apiError(
      'API_WRONG_EVENT_TYPE',
      `id: event ${request.id} is an ${type || 'event of unknown type'}; a ${report.name} report starts at one of: ${report.types.join(', ')}`,
      { id: request.id, type, accepted: report.types },
    );
  }
  const result = await tx.run(report.statement, { id: request.id, limit: neo4j.int(request.limit + 1) });
  if (result.records.length > request.limit) {
    throw apiError(
      'API_LIMIT_EXCEEDED',
      `the ${report.name} report has more than ${request.limit} events; raise limit (at most the cap) or lower maxDepth`,
      { limit: request.limit },
    );
  }
  return { start: { id: request.id, type, time: node.time ?? 0 }, records: result.records };
}
