import { apiError } from '../api-error.js';
import { EVENT_LABEL, type ReadTransaction } from '@tracey/graph';
import { ARTIFACT_CREATED, CONFIDENCE_LEVEL_MODIFIED } from './trace-links.js';
import { checkReportType, readReportStart, type ReportStart } from './trace-report.js';

// `since=previous`: the release a release follows. Versions are chained by PREVIOUS_VERSION
// (artifacts, compositions, environments); an event about an artifact (a confidence level, a
// publication, a deployment) follows the same kind of event about the nearest earlier version
// of its artifact — for a confidence level, one with the same name and value.

/** Versions walked per round trip when looking for an earlier release. */
const VERSIONS_PER_STEP = 16;
/** Versions walked at most; further back, `since` must name the release. */
const MAX_VERSIONS = 16_384;

/**
 * With the start `s`, the artifact `a` and the link type `via` from `s` to it in scope: the next
 * {@link VERSIONS_PER_STEP} earlier versions of `a`, nearest first, each with the newest event of
 * the start's kind about it (`id` `null` when none), as `versions`.
 */
const EARLIER_VERSIONS = `MATCH path = (a)-[:PREVIOUS_VERSION*1..${VERSIONS_PER_STEP}]->(b:${ARTIFACT_CREATED})
  WITH s, via, b, min(length(path)) AS distance
  CALL (s, via, b) {
    OPTIONAL MATCH (e:${EVENT_LABEL})-[v]->(b)
    WHERE type(v) = via AND e.type = s.type AND e.hash IS NOT NULL
      AND (s.type <> '${CONFIDENCE_LEVEL_MODIFIED}' OR (e.name = s.name AND e.value = s.value))
    RETURN e ORDER BY e.time DESC, e.id LIMIT 1
  }
  WITH distance, b, e ORDER BY distance
  RETURN collect({version: b.id, id: e.id, type: e.type, time: e.time}) AS versions`;

/**
 * In one round trip: the start as a report reads it; its own previous version (`id`, when it has
 * one); else its artifact, how the start links to it (SUBJECT or ARTIFACT), and the first
 * {@link VERSIONS_PER_STEP} earlier versions of that artifact — most releases follow one of those.
 */
const START_AND_PREVIOUS = `MATCH (s:${EVENT_LABEL} {id: $id})
OPTIONAL CALL (s) {
  MATCH (s)-[:PREVIOUS_VERSION]->(p:${EVENT_LABEL})
  WHERE p.hash IS NOT NULL AND p.type = s.type
  RETURN p ORDER BY p.time DESC, p.id LIMIT 1
}
OPTIONAL CALL (s, p) {
  WITH * WHERE p IS NULL
  MATCH (s)-[l:SUBJECT|ARTIFACT]->(a:${ARTIFACT_CREATED})
  RETURN a, type(l) AS via ORDER BY a.time DESC, a.id LIMIT 1
}
OPTIONAL CALL (s, a, via) {
  WITH * WHERE a IS NOT NULL
  ${EARLIER_VERSIONS}
}
RETURN s.type AS startType, s.time AS startTime, s.hash IS NOT NULL AS stored,
  p.id AS id, p.type AS type, p.time AS time, a.id AS artifact, via, versions`;

/** The earlier versions after `$artifact`, for a start whose release lies further back. */
const MORE_EARLIER_VERSIONS = `MATCH (s:${EVENT_LABEL} {id: $id})
MATCH (a:${EVENT_LABEL} {id: $artifact})
WITH s, a, $via AS via
CALL (s, a, via) {
  ${EARLIER_VERSIONS}
}
RETURN versions`;

interface Version {
  readonly version: string;
  readonly id: string | null;
  readonly type: string | null;
  readonly time: number | null;
}

/**
 * The start of a contents report (checked as {@link readReportStart} checks it) and the release
 * it follows, `null` for a first version.
 * @throws API_NOT_FOUND, API_WRONG_EVENT_TYPE; API_LIMIT_EXCEEDED when no earlier release is
 * found within 16,384 earlier versions
 */
export async function startAndPreviousRelease(
  tx: ReadTransaction,
  id: string,
  report: { readonly name: string; readonly types: readonly string[] },
): Promise<{ start: ReportStart; previous: ReportStart | null }> {
  const of = (await tx.run(START_AND_PREVIOUS, { id })).records[0];
  // Not stored: the report's own check says so, in its words.
  if (of?.get('stored') !== true) return { start: await readReportStart(tx, id, report), previous: null };
  const start = { id, type: of.get('startType') as string, time: of.get('startTime') as number };
  checkReportType(start, report);
  if (of.get('id') !== null) {
    const previous = {
      id: of.get('id') as string,
      type: of.get('type') as string,
      time: of.get('time') as number,
    };
    return { start, previous };
  }
  if (of.get('artifact') === null) return { start, previous: null };
  let versions = of.get('versions') as Version[];
  for (let walked = VERSIONS_PER_STEP; ; walked += VERSIONS_PER_STEP) {
    const found = versions.find((version) => version.id !== null);
    if (found?.id != null)
      return { start, previous: { id: found.id, type: found.type ?? '', time: found.time ?? 0 } };
    const last = versions.at(-1);
    if (last === undefined || versions.length < VERSIONS_PER_STEP) return { start, previous: null };
    if (walked >= MAX_VERSIONS) break;
    const more = await tx.run(MORE_EARLIER_VERSIONS, {
      id,
      artifact: last.version,
      via: of.get('via') as string,
    });
    versions = (more.records[0]?.get('versions') as Version[] | undefined) ?? [];
  }
  throw apiError(
    'API_LIMIT_EXCEEDED',
    `no earlier release of the same kind within ${MAX_VERSIONS} versions of the artifact; give since=<event id>`,
    { limit: 'previousVersions', value: MAX_VERSIONS },
  );
}
