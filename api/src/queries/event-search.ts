import { setImmediate as nextTurn } from 'node:timers/promises';
import neo4j from 'neo4j-driver';
import { EVENT_LABEL, type ReadTransaction } from '@tracey/graph';
import { apiError } from '../api-error.js';
import type { FilterCondition } from './er-filter.js';
import { compileFilter } from './er-filter-cypher.js';
import { meetsCondition } from './er-match.js';

/** A validated search: the filter and the window of matches to return. */
export interface EventSearchRequest {
  readonly conditions: readonly FilterCondition[];
  /** Matches to pass over, newest first. */
  readonly skip: number;
  /** Most matches to return. */
  readonly limit: number;
  /** Most events a filter on fields without a node property may read. */
  readonly scanCap: number;
}

/** One page of matches, newest first (`meta.time` descending, then id). */
export interface EventSearchPage {
  readonly total: number;
  /** The events' JSON text as stored. */
  readonly items: string[];
}

/** Longest stretch (ms) the JSON checks hold the event loop before letting others run. */
const TURN_MS = 5;

// Placeholders (no hash) are links to events never received: not events to find. Every stored
// event has a time; saying so lets Neo4j seek the (type, time) index for `meta.type=` filters.
// The Event Repository's search answers Eiffel events only: CDEvents (types `dev.cdevents.…`,
// `dev.cdeventsx.…`) have no `meta` for its filters and clients to read.
const matchStored = (where: string) =>
  `MATCH (n:${EVENT_LABEL}) WHERE n.hash IS NOT NULL AND n.time IS NOT NULL AND NOT n.type STARTS WITH 'dev.cdevents' AND ${where}`;

/**
 * Finds the events meeting every condition. Conditions on indexed properties run in Neo4j,
 * which counts and pages; any other condition is checked on the stored JSON of the events the
 * indexed ones leave, at most `scanCap` of them.
 * @throws API_LIMIT_EXCEEDED when the filter needs more than `scanCap` events read.
 */
export async function searchEvents(
  tx: ReadTransaction,
  request: EventSearchRequest,
): Promise<EventSearchPage> {
  const { where, params, residual } = compileFilter(request.conditions);
  const match = matchStored(where);
  if (residual.length === 0) {
    const counted = await tx.run(`${match} RETURN count(n) AS total`, params);
    const total = counted.records[0]?.get('total') as number | undefined;
    const page = await tx.run(
      `${match} WITH n ORDER BY n.time DESC, n.id SKIP $skip LIMIT $limit RETURN n.event AS json`,
      { ...params, skip: neo4j.int(request.skip), limit: neo4j.int(request.limit) },
    );
    return { total: total ?? 0, items: page.records.map((record) => record.get('json') as string) };
  }
  const scanned = await tx.run(
    `${match} WITH n ORDER BY n.time DESC, n.id LIMIT $cap RETURN n.event AS json`,
    { ...params, cap: neo4j.int(request.scanCap + 1) },
  );
  if (scanned.records.length > request.scanCap) {
    throw apiError(
      'API_LIMIT_EXCEEDED',
      `filters on ${residual.map((c) => c.field).join(', ')} are checked on each event's JSON, and more than ${request.scanCap} events are left to check; narrow the search with meta.type=, meta.time>=, meta.id= or another indexed field (see docs/api.md)`,
      { scanCap: request.scanCap, unindexed: residual.map((c) => c.field) },
    );
  }
  const matches: string[] = [];
  let turnStarted = performance.now();
  for (const record of scanned.records) {
    const json = record.get('json') as string;
    const event = JSON.parse(json) as unknown;
    if (residual.every((condition) => meetsCondition(event, condition))) matches.push(json);
    // Up to searchScan events are checked: other requests (/health) get their turn meanwhile.
    if (performance.now() - turnStarted > TURN_MS) {
      await nextTurn();
      turnStarted = performance.now();
    }
  }
  return { total: matches.length, items: matches.slice(request.skip, request.skip + request.limit) };
}
