import type { ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import { apiError } from '../api-error.js';
import { EVENT_LABEL } from '@tracey/aggregator';
import { ARTIFACT_CREATED, CONFIDENCE_LEVEL_MODIFIED } from './trace-links.js';
import type { ReportStart } from './trace-report.js';

// `since=previous`: the release a release follows. Versions are chained by PREVIOUS_VERSION
// (artifacts, compositions, environments); an event about an artifact (a confidence level, a
// publication, a deployment) follows the same kind of event about the nearest earlier version
// of its artifact — for a confidence level, one with the same name and value.

/**
 * In one round trip: the start's own previous version (`id`, when it has one), else its artifact
 * and how the start links to it (SUBJECT or ARTIFACT).
 */
const PREVIOUS_OR_ARTIFACT = `MATCH (s:${EVENT_LABEL} {id: $id})
OPTIONAL CALL (s) {
  MATCH (s)-[:PREVIOUS_VERSION]->(p:${EVENT_LABEL})
  WHERE p.hash IS NOT NULL AND p.type = s.type
  RETURN p ORDER BY p.time DESC, p.id LIMIT 1
}
OPTIONAL CALL (s) {
  MATCH (s)-[l:SUBJECT|ARTIFACT]->(a:${ARTIFACT_CREATED})
  RETURN a, type(l) AS via ORDER BY a.time DESC, a.id LIMIT 1
}
RETURN p.id AS id, p.type AS type, p.time AS time,
  a.id AS artifact, via, s.type AS startType, s.name AS name, s.value AS value`;

/** Versions walked per round trip when looking for an earlier release. */
const VERSIONS_PER_STEP = 16;
/** Versions walked at most; further back, `since` must name the release. */
const MAX_VERSIONS = 16_384;

/**
 * The next {@link VERSIONS_PER_STEP} earlier versions of `$artifact`, nearest first, each with the
 * newest event of the start's kind about it (`null` when none).
 */
const EARLIER_VERSIONS = `MATCH p = (a:${EVENT_LABEL} {id: $artifact})-[:PREVIOUS_VERSION*1..${VERSIONS_PER_STEP}]->(b:${ARTIFACT_CREATED})
WITH b, min(length(p)) AS distance
ORDER BY distance
CALL (b) {
  OPTIONAL MATCH (e:${EVENT_LABEL})-[v]->(b)
  WHERE type(v) = $via AND e.type = $type AND e.hash IS NOT NULL
    AND ($type <> '${CONFIDENCE_LEVEL_MODIFIED}' OR (e.name = $name AND e.value = $value))
  RETURN e ORDER BY e.time DESC, e.id LIMIT 1
}
RETURN b.id AS version, e.id AS id, e.type AS type, e.time AS time`;

/**
 * The release `start` follows, or `null` for a first version.
 * @throws API_LIMIT_EXCEEDED when none is found within 16,384 earlier versions
 */
export async function previousRelease(
  tx: ManagedTransaction,
  start: ReportStart,
): Promise<ReportStart | null> {
  const of = (await tx.run(PREVIOUS_OR_ARTIFACT, { id: start.id })).records[0];
  if (of === undefined) return null;
  if (of.get('id') !== null) return startOf(of);
  if (of.get('artifact') === null) return null;
  const params = {
    via: of.get('via') as string,
    type: of.get('startType') as string,
    name: of.get('name') as string | null,
    value: of.get('value') as string | null,
  };
  let artifact = of.get('artifact') as string;
  for (let walked = 0; walked < MAX_VERSIONS; walked += VERSIONS_PER_STEP) {
    const versions = (await tx.run(EARLIER_VERSIONS, { ...params, artifact })).records;
    const found = versions.find((record) => record.get('id') !== null);
    if (found !== undefined) return startOf(found);
    const last = versions.at(-1);
    if (last === undefined || versions.length < VERSIONS_PER_STEP) return null;
    artifact = last.get('version') as string;
  }
  throw apiError(
    'API_LIMIT_EXCEEDED',
    `no earlier release of the same kind within ${MAX_VERSIONS} versions of the artifact; give since=<event id>`,
    { limit: 'previousVersions', value: MAX_VERSIONS },
  );
}

function startOf(record: Neo4jRecord): ReportStart {
  return {
    id: record.get('id') as string,
    type: record.get('type') as string,
    time: record.get('time') as number,
  };
}
