import type { ReadTransaction } from '@tracey/graph';
import { groupContents, type TraceContents } from './contents-report.js';
import { contentsSince, type DifferenceSettings } from './contents-since.js';
import { startAndPreviousRelease } from './previous-release.js';
import { CONTENTS_COUNT_CYPHER, contentsCypher } from './trace-cypher.js';
import { RELEASE_TYPES } from './trace-links.js';
import { readReportStart, runReport, type TraceRequest } from './trace-report.js';

/** A contents request: the bounds of every report, and optionally the release to leave out. */
export interface ContentsRequest extends TraceRequest {
  /** An earlier release's id, or `previous`. */
  readonly since?: string;
}

/**
 * Trace-down: what the release `request.id` contains, in one statement; with `since`, only what
 * it reaches and the earlier release does not.
 * @throws API_NOT_FOUND, API_WRONG_EVENT_TYPE, API_LIMIT_EXCEEDED
 */
export async function traceContents(
  tx: ReadTransaction,
  request: ContentsRequest,
  settings: DifferenceSettings,
): Promise<TraceContents> {
  if (request.since !== undefined) {
    const { start, previous: since } =
      request.since === 'previous'
        ? await startAndPreviousRelease(tx, request.id, CONTENTS_REPORT)
        : {
            start: await readReportStart(tx, request.id, CONTENTS_REPORT),
            previous: await readReportStart(tx, request.since, { name: 'since', types: RELEASE_TYPES }),
          };
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
