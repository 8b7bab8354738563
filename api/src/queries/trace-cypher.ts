import { EVENT_LABEL } from '@tracey/graph';
import {
  ACTIVITY_TRIGGERED,
  ARTIFACT_CREATED,
  CONTENT_LINK_TYPES,
  DEPLOY_ACTIVITY_MARK,
  ISSUE_LINK_TYPES,
  PROVENANCE_LINK_TYPES,
  SOURCE_CHANGE_CREATED,
  SOURCE_CHANGE_SUBMITTED,
} from './trace-links.js';

// Statements of the trace reports. Relationship types and event types are constants of the code
// (members of the protocol's closed sets); the depth bound is a validated integer, because Cypher
// takes neither as a parameter; ids and limits are parameters.

const contentTypes = CONTENT_LINK_TYPES.join('|');
const issueTypes = ISSUE_LINK_TYPES.join('|');
const provenanceTypes = PROVENANCE_LINK_TYPES.join('|');

/**
 * A depth bound as Cypher's length range, one level past it so the caller can tell a cut from
 * an end: `*1..n+1`, or `*1..` when unbounded (`null`).
 */
function lengthRange(maxDepth: number | null): string {
  if (maxDepth === null) return '*1..';
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) throw new Error(`bad maxDepth ${maxDepth}`);
  return `*1..${maxDepth + 1}`;
}

// What the contents report reads of each event `m` it holds, but its depth and work items.
// A CDEvents artifact's identity is its purl (`artifactId`); a CDEvents change has its id,
// repository and merge commit as properties.
const NODE_COLUMNS = `m.id AS id, m.type AS type, m.time AS time, m.hash IS NOT NULL AS stored,
  coalesce(m.identity, m.artifactId) AS identity, m.name AS name, m.dataVersion AS dataVersion,
  m.changeId AS changeId, m.repository AS repository, m.commitId AS commitId,
  CASE WHEN m.type IN ['${SOURCE_CHANGE_CREATED}', '${SOURCE_CHANGE_SUBMITTED}'] THEN m.event END AS event,
  CASE WHEN m.type = '${ARTIFACT_CREATED}' THEN NOT EXISTS { (m)-[:${provenanceTypes}]->() } END AS thirdParty`;

// What the contents report reads of each event `m` it holds (at `depth`).
const CONTENT_COLUMNS = `${NODE_COLUMNS}, depth,
  CASE WHEN m.type = '${SOURCE_CHANGE_CREATED}'
    THEN [(m)-[r:${issueTypes}]->(i:${EVENT_LABEL}) | {relation: type(r), id: i.id, time: i.time, event: i.event}]
    ELSE [] END AS issues`;

const contentsStatements = new Map<number | null, string>();
const releasesStatements = new Map<string, string>();

/**
 * Contents of a release in one statement: everything it is made of down the content links, each
 * once at its shortest depth (Neo4j plans this as a pruning breadth-first expand), with what the
 * report needs of it — the event text of source changes, whether an artifact is third-party,
 * and the work items a source change resolves. `$limit` rows at most, nearest first. A bounded
 * statement reads one level past `maxDepth`, so the caller can tell a cut from a complete answer.
 */
export function contentsCypher(maxDepth: number | null): string {
  let statement = contentsStatements.get(maxDepth);
  if (statement === undefined) {
    statement = `MATCH (s:${EVENT_LABEL} {id: $id})
MATCH p = (s)-[:${contentTypes}${lengthRange(maxDepth)}]->(m:${EVENT_LABEL})
WITH m, min(length(p)) AS depth
ORDER BY depth, m.time, m.id
LIMIT $limit
RETURN ${CONTENT_COLUMNS}`;
    contentsStatements.set(maxDepth, statement);
  }
  return statement;
}

/**
 * At most `$limit` distinct events down the content links, found without ordering them: a
 * streaming expand that stops at the limit, so a report far over it is refused early.
 */
export const CONTENTS_COUNT_CYPHER = `MATCH (s:${EVENT_LABEL} {id: $id})
MATCH (s)-[:${contentTypes}*1..]->(m:${EVENT_LABEL})
WITH DISTINCT m LIMIT $limit
RETURN count(m) AS count`;

// Whether the release `o` reaches event `m`, as `<as>`: the shortest chain, searched from both
// ends, through events of the window `[m's time − $skew, $hi]` — what `o` reaches is not newer
// than it, and what reaches `m` not older than `m`, within the clock-skew tolerance. An event
// newer than the window is not searched for. A placeholder has no time: its window is open below.
function reachedCall(types: string, m: string, as: string): string {
  return `CALL (o, ${m}) {
  WITH o, ${m}, coalesce(${m}.time - $skew, -9223372036854775807) AS lo
  OPTIONAL CALL (o, ${m}, lo) {
    WITH * WHERE o <> ${m} AND coalesce(${m}.time <= $hi, true)
    MATCH p = shortestPath((o)-[:${types}*]->(${m}))
    WHERE all(n IN nodes(p) WHERE n.time IS NULL OR (n.time >= lo AND n.time <= $hi))
    RETURN true AS found
  }
  RETURN o = ${m} OR found IS NOT NULL AS ${as}
}`;
}

/** Which of `$ids` the release `$from` reaches by content links. */
export const REACHED_CONTENT_CYPHER = `MATCH (o:${EVENT_LABEL} {id: $from})
UNWIND $ids AS id
MATCH (m:${EVENT_LABEL} {id: id}) USING INDEX SEEK m:${EVENT_LABEL}(id)
${reachedCall(contentTypes, 'm', 'reached')}
RETURN m.id AS id, reached`;

const stepStatements = new Map<number, string>();

/**
 * `levels` levels of a difference walk in one round trip: the events `$ids` link to by content
 * links (level 1), then those that the events of level 1 the release `$from` does not reach link
 * to (level 2), and so on; each event once per level, with whether `$from` reaches it (the walk
 * stops there) and the contents report's columns; `$perLevel` events per level at most. A source change `$from` does not reach brings
 * its work items, each with whether `$from` reaches it too (`old`: by a change it already held).
 */
export function contentStepCypher(levels: number): string {
  let statement = stepStatements.get(levels);
  if (statement === undefined) {
    if (!Number.isSafeInteger(levels) || levels < 1) throw new Error(`bad levels ${levels}`);
    const steps = Array.from(
      { length: levels },
      (_, index) => `CALL (o, frontier) {
  UNWIND frontier AS f
  MATCH (f)-[:${contentTypes}]->(m:${EVENT_LABEL})
  WITH DISTINCT o, m LIMIT $perLevel
  ${reachedCall(contentTypes, 'm', 'reached')}
  RETURN collect({m: m, reached: reached}) AS found
}
WITH o, rows + [x IN found | {m: x.m, reached: x.reached, level: ${index + 1}}] AS rows,
  [x IN found WHERE NOT x.reached AND x.m.hash IS NOT NULL | x.m] AS frontier`,
    );
    statement = `MATCH (o:${EVENT_LABEL} {id: $from})
UNWIND $ids AS id
MATCH (s:${EVENT_LABEL} {id: id}) USING INDEX SEEK s:${EVENT_LABEL}(id)
WITH o, collect(s) AS frontier, [] AS rows
${steps.join('\n')}
UNWIND rows AS row
WITH o, row.m AS m, row.reached AS reached, row.level AS level
CALL (o, m, reached) {
  WITH * WHERE NOT reached AND m.type = '${SOURCE_CHANGE_CREATED}'
  MATCH (m)-[r:${issueTypes}]->(i:${EVENT_LABEL})
  ${reachedCall(`${contentTypes}|${issueTypes}`, 'i', 'old')}
  RETURN collect({relation: type(r), id: i.id, time: i.time, event: i.event, old: old}) AS issues
}
RETURN ${NODE_COLUMNS}, reached, level, issues`;
    stepStatements.set(levels, statement);
  }
  return statement;
}

/**
 * At most `$limit` distinct events up the content and issue links (within `$until`, as
 * {@link releasesCypher}), unordered: a streaming expand that stops at the limit.
 */
export function releasesCountCypher(until: boolean): string {
  return `MATCH (start:${EVENT_LABEL} {id: $id})
${SAME_CHANGE_STARTS}
CALL (s) {
  MATCH p = (s)<-[:${contentTypes}|${issueTypes}*1..]-(m:${EVENT_LABEL})
  ${until ? `WHERE m.time <= $until AND ${UNTIL_PATH}\n  ` : ''}RETURN DISTINCT m
}
WITH DISTINCT start, m WHERE m <> start
WITH m LIMIT $limit
RETURN count(m) AS count`;
}

// Where a releases report walks up from: the start, and the Eiffel submission a CDEvents merge
// is the same change as (SAME_CHANGE leads from the merge to it), so a merge's releases are
// those of its commit.
const SAME_CHANGE_STARTS = `UNWIND [start] + [(start)-[:SAME_CHANGE]->(x:${EVENT_LABEL}) | x] AS s`;

// A predicate on every event of the path, which Neo4j checks while it expands (a condition
// mixed with a parameter test, such as `$until IS NULL OR ...`, would make it enumerate paths).
const UNTIL_PATH = 'all(n IN nodes(p) WHERE n.time <= $until + $skew)';

/**
 * Releases of a change or work item in one statement: everything made of it up the content (and
 * issue) links, each once at its shortest depth, in time order, with the artifacts, subjects and
 * environments it names and the deployment activities it caused. `$limit` rows at most. A
 * bounded statement reads one level past `maxDepth`, as {@link contentsCypher}. With `until`, only
 * events up to `$until` (ms) are listed, and only events up to then plus the
 * clock-skew tolerance `$skew` are followed: what links to an event is not older than it, within
 * the tolerance, so nothing later can lead back to a release before `$until`.
 */
export function releasesCypher(maxDepth: number | null, until: boolean): string {
  const key = `${String(maxDepth)} ${String(until)}`;
  let statement = releasesStatements.get(key);
  if (statement === undefined) {
    // Per start, the shape Neo4j plans as a pruning breadth-first expand (one row per event);
    // the starts' depths then merge, one link more through the merge's SAME_CHANGE.
    statement = `MATCH (start:${EVENT_LABEL} {id: $id})
${SAME_CHANGE_STARTS}
CALL (s) {
  MATCH p = (s)<-[:${contentTypes}|${issueTypes}${lengthRange(maxDepth)}]-(m:${EVENT_LABEL})
  ${until ? `WHERE ${UNTIL_PATH}\n  ` : ''}WITH m, min(length(p)) AS depth
  RETURN m, depth
}
WITH start, m, min(depth + CASE WHEN s = start THEN 0 ELSE 1 END) AS depth
WHERE m <> start${until ? ' AND m.time <= $until' : ''}
ORDER BY m.time, m.id
LIMIT $limit
RETURN m.id AS id, m.type AS type, m.time AS time, depth,
  coalesce(m.identity, m.artifactId) AS identity, m.name AS name, m.value AS value, m.dataVersion AS dataVersion,
  m.serviceId AS serviceId, m.environmentId AS environmentId,
  [(m)-[:ARTIFACT]->(a:${EVENT_LABEL}) | a.id] AS artifacts,
  [(m)-[:SUBJECT]->(x:${EVENT_LABEL}) | x.id] AS subjects,
  [(m)-[:ENVIRONMENT]->(e:${EVENT_LABEL}) | e.id] AS environments,
  [(t:${ACTIVITY_TRIGGERED})-[:CAUSE]->(m) WHERE toLower(coalesce(t.name, '')) CONTAINS '${DEPLOY_ACTIVITY_MARK}'
    | {id: t.id, time: t.time, name: t.name}] AS deployActivities`;
    releasesStatements.set(key, statement);
  }
  return statement;
}
