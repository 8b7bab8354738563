import { EVENT_LABEL } from '@tracey/aggregator';
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

function checkedDepth(maxDepth: number): number {
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) throw new Error(`bad maxDepth ${maxDepth}`);
  return maxDepth;
}

const contentsStatements = new Map<number, string>();
const releasesStatements = new Map<number, string>();

/**
 * Contents of a release in one statement: everything it is made of down the content links, each
 * once at its shortest depth (Neo4j plans this as a pruning breadth-first expand), with what the
 * report needs of it — the event text of source changes, whether an artifact is third-party,
 * and the work items a source change resolves. `$limit` rows at most, nearest first.
 */
export function contentsCypher(maxDepth: number): string {
  const depth = checkedDepth(maxDepth);
  let statement = contentsStatements.get(depth);
  if (statement === undefined) {
    statement = `MATCH (s:${EVENT_LABEL} {id: $id})
MATCH p = (s)-[:${contentTypes}*1..${depth}]->(m:${EVENT_LABEL})
WITH m, min(length(p)) AS depth
ORDER BY depth, m.time, m.id
LIMIT $limit
RETURN m.id AS id, m.type AS type, m.time AS time, depth, m.hash IS NOT NULL AS stored,
  m.identity AS identity, m.name AS name, m.dataVersion AS dataVersion,
  CASE WHEN m.type IN ['${SOURCE_CHANGE_CREATED}', '${SOURCE_CHANGE_SUBMITTED}'] THEN m.event END AS event,
  CASE WHEN m.type = '${ARTIFACT_CREATED}' THEN NOT EXISTS { (m)-[:${provenanceTypes}]->() } END AS thirdParty,
  CASE WHEN m.type = '${SOURCE_CHANGE_CREATED}'
    THEN [(m)-[r:${issueTypes}]->(i:${EVENT_LABEL}) | {relation: type(r), id: i.id, time: i.time, event: i.event}]
    ELSE [] END AS issues`;
    contentsStatements.set(depth, statement);
  }
  return statement;
}

/**
 * Releases of a change or work item in one statement: everything made of it up the content (and
 * issue) links, each once at its shortest depth, in time order, with the artifacts, subjects and
 * environments it names and the deployment activities it caused. `$limit` rows at most.
 */
export function releasesCypher(maxDepth: number): string {
  const depth = checkedDepth(maxDepth);
  let statement = releasesStatements.get(depth);
  if (statement === undefined) {
    statement = `MATCH (s:${EVENT_LABEL} {id: $id})
MATCH p = (s)<-[:${contentTypes}|${issueTypes}*1..${depth}]-(m:${EVENT_LABEL})
WITH m, min(length(p)) AS depth
ORDER BY m.time, m.id
LIMIT $limit
RETURN m.id AS id, m.type AS type, m.time AS time, depth,
  m.identity AS identity, m.name AS name, m.value AS value, m.dataVersion AS dataVersion,
  [(m)-[:ARTIFACT]->(a:${EVENT_LABEL}) | a.id] AS artifacts,
  [(m)-[:SUBJECT]->(x:${EVENT_LABEL}) | x.id] AS subjects,
  [(m)-[:ENVIRONMENT]->(e:${EVENT_LABEL}) | e.id] AS environments,
  [(t:${ACTIVITY_TRIGGERED})-[:CAUSE]->(m) WHERE toLower(coalesce(t.name, '')) CONTAINS '${DEPLOY_ACTIVITY_MARK}'
    | {id: t.id, time: t.time, name: t.name}] AS deployActivities`;
    releasesStatements.set(depth, statement);
  }
  return statement;
}
