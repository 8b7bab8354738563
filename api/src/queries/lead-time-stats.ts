import type { ReadTransaction } from '@tracey/graph';
import { apiError } from '../api-error.js';
import { durationStats, isoWeekStart, type DurationStats } from './duration-stats.js';
import type { EventSelector } from './event-selector.js';
import { leadTimeStatsCypher } from './lead-time-stats-cypher.js';

/** A lead-time statistics request, already validated. */
export interface LeadTimeStatsRequest {
  readonly from: EventSelector;
  readonly to: EventSelector;
  /** `to` events from this time on (ms since the epoch, inclusive); `null`: no lower bound. */
  readonly since: number | null;
  /** `to` events before this time (exclusive); `null`: no upper bound. */
  readonly until: number | null;
  readonly groupBy: 'week' | undefined;
  /** Most `to` events; more is a 422. */
  readonly limit: number;
}

/** Statistics of one group of `to` events. */
export interface LeadTimeGroup extends DurationStats {
  /** Monday (UTC) of the ISO week of the `to` events. */
  readonly week: string;
}

/** A selector as the answer repeats it: the type as named and the filters (not the stored types). */
export type SelectorEcho = Omit<EventSelector, 'types'>;

export interface LeadTimeStats extends DurationStats {
  readonly from: SelectorEcho;
  readonly to: SelectorEcho;
  readonly since: number | null;
  readonly until: number | null;
  /** `to` events with no `from` event upstream: left out of the statistics. */
  readonly unmatched: number;
  /** Per ISO week of the `to` event, oldest first; only with `groupBy=week`. */
  readonly groups?: LeadTimeGroup[];
}

/**
 * For each `to` event, the time since the earliest `from` event upstream of it; their count,
 * min, p50, p90, p99, max and mean.
 * @throws API_LIMIT_EXCEEDED when more than `limit` `to` events fall in the window.
 */
export async function leadTimeStats(
  tx: ReadTransaction,
  request: LeadTimeStatsRequest,
): Promise<LeadTimeStats> {
  const statement = leadTimeStatsCypher(request.from, request.to, {
    since: request.since,
    until: request.until,
    limit: request.limit + 1,
  });
  const result = await tx.run(statement.text, statement.params);
  if (result.records.length > request.limit) {
    throw apiError(
      'API_LIMIT_EXCEEDED',
      `more than ${request.limit} "to" events match; narrow since/until or filter "to" further`,
      { limit: request.limit },
    );
  }
  const all: number[] = [];
  const weeks = new Map<string, number[]>();
  let unmatched = 0;
  for (const record of result.records) {
    const fromTime = record.get('fromTime') as number | null;
    if (fromTime === null) {
      unmatched++;
      continue;
    }
    const toTime = record.get('toTime') as number;
    const lead = toTime - fromTime;
    all.push(lead);
    if (request.groupBy === 'week') {
      const week = isoWeekStart(toTime);
      weeks.set(week, [...(weeks.get(week) ?? []), lead]);
    }
  }
  const stats: LeadTimeStats = {
    from: { type: request.from.type, filters: request.from.filters },
    to: { type: request.to.type, filters: request.to.filters },
    since: request.since,
    until: request.until,
    ...durationStats(all),
    unmatched,
  };
  if (request.groupBy !== 'week') return stats;
  const groups = [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, values]): LeadTimeGroup => ({ week, ...durationStats(values) }));
  return { ...stats, groups };
}
