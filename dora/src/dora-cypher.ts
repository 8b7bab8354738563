import { CONTENT_LINK_TYPES } from '@tracey/graph';

// The statements the DORA keys read the graph with: fixed text, values only as parameters. Labels
// and relationship types come from constants (the protocols' closed lists), never from a request.

// Each kind of deployment is read two ways: all of them (the keys of every service), or those of a
// scope through indexes — `$services` (the Eiffel ones by purl prefix; the reader keeps the exact
// ones) and the `$ids` and `$artifacts` incidents name, so an incident is put where it would be
// put over all of them.

const CD_DEPLOYMENT = 'CDServiceDeployed|CDServiceUpgraded|CDServiceRolledback';
const CD_DEPLOYMENT_COLUMNS = `d.id AS id, d.time AS time, d:CDServiceRolledback AS rollback, d.serviceId AS service,
       d.environmentId AS environment, d.artifactId AS artifact,
       CASE WHEN d.event CONTAINS '"outcome"' THEN d.event END AS event`;

/** CDEvents deployments before `$until`, with their event where it may say `customData.outcome`. */
export const CD_DEPLOYMENTS_CYPHER = `
MATCH (d:${CD_DEPLOYMENT})
WHERE d.time < $until
  AND ($environments IS NULL OR d.environmentId IN $environments OR d.id IN $ids OR d.artifactId IN $artifacts)
RETURN ${CD_DEPLOYMENT_COLUMNS}`;

/** The same of a scope, by the serviceId, id and artifactId indexes. */
export const CD_SCOPED_DEPLOYMENTS_CYPHER = `
CALL () {
  MATCH (d:Event) WHERE d.serviceId IN $services RETURN d
  UNION
  MATCH (d:Event) WHERE d.id IN $ids RETURN d
  UNION
  MATCH (d:Event) WHERE d.artifactId IN $artifacts RETURN d
}
WITH d WHERE d:${CD_DEPLOYMENT} AND d.time < $until
RETURN ${CD_DEPLOYMENT_COLUMNS}`;

/** The events of `label` linked by `link` to the artifacts of a scope, or with its ids. */
const scopedByArtifact = (label: string, link: string, node: string): string => `
CALL () {
  UNWIND $services AS service
  MATCH (a:EiffelArtifactCreatedEvent) WHERE a.identity STARTS WITH service
  MATCH (${node}:${label})-[:${link}]->(a) RETURN ${node}
  UNION
  MATCH (a:EiffelArtifactCreatedEvent) WHERE a.identity IN $artifacts
  MATCH (${node}:${label})-[:${link}]->(a) RETURN ${node}
  UNION
  MATCH (${node}:Event) WHERE ${node}.id IN $ids AND ${node}:${label} RETURN ${node}
}`;

const EIFFEL_DEPLOYMENT_REST = `
WITH d WHERE d.time < $until
OPTIONAL MATCH (d)-[:ARTIFACT]->(a:EiffelArtifactCreatedEvent)
OPTIONAL MATCH (d)-[:ENVIRONMENT]->(e:EiffelEnvironmentDefinedEvent)
WITH d, a, e WHERE $environments IS NULL OR e.name IN $environments OR d.id IN $ids OR a.identity IN $artifacts
RETURN d.id AS id, d.time AS time, a.identity AS artifact, a.id AS artifactEvent, e.name AS environment`;

/** Eiffel artifact deployments before `$until`, with the artifact's purl and the environment's name. */
export const EIFFEL_DEPLOYMENTS_CYPHER = `
MATCH (d:EiffelArtifactDeployedEvent)${EIFFEL_DEPLOYMENT_REST}`;

/** The same of a scope, from its artifacts (the identity index). */
export const EIFFEL_SCOPED_DEPLOYMENTS_CYPHER = `${scopedByArtifact('EiffelArtifactDeployedEvent', 'ARTIFACT', 'd')}${EIFFEL_DEPLOYMENT_REST}`;

/** The names of Eiffel activities (the config's pattern picks the deployments among them), and how many activities there are. */
export const ACTIVITY_NAMES = {
  count: 'MATCH (t:EiffelActivityTriggeredEvent) RETURN count(t) AS count',
  values: 'MATCH (t:EiffelActivityTriggeredEvent) WHERE t.name IS NOT NULL RETURN DISTINCT t.name AS value',
} as const;

/** The environments CDEvents deployments name, and how many such deployments there are. */
export const CD_ENVIRONMENTS = {
  count: `MATCH (d:${CD_DEPLOYMENT}) RETURN count(d) AS count`,
  values: `MATCH (d:${CD_DEPLOYMENT}) RETURN DISTINCT d.environmentId AS value`,
} as const;

/** The names of Eiffel environments, and how many there are. */
export const EIFFEL_ENVIRONMENTS = {
  count: 'MATCH (e:EiffelEnvironmentDefinedEvent) RETURN count(e) AS count',
  values: 'MATCH (e:EiffelEnvironmentDefinedEvent) RETURN DISTINCT e.name AS value',
} as const;

const ACTIVITY_DEPLOYMENT_REST = `
WITH t WHERE t.name IN $names
MATCH (t)<-[:ACTIVITY_EXECUTION]-(f:EiffelActivityFinishedEvent)
WHERE f.time < $until
OPTIONAL MATCH (t)-[:CAUSE]->(a:EiffelArtifactCreatedEvent)
WITH t, f, a ORDER BY a.time DESC
WITH t, f, collect(a)[0] AS a
RETURN t.id AS id, f.time AS time, f.conclusion AS conclusion, a.identity AS artifact, a.id AS artifactEvent,
       t.event AS event`;

/**
 * Runs of the activities named `$names` finished before `$until`: the conclusion, the artifact the
 * run was caused by (CAUSE, directly; the latest) and the event (for its `customData` environment).
 * From the name index: the planner would otherwise start from every finished activity.
 */
export const ACTIVITY_DEPLOYMENTS_CYPHER = `
MATCH (t:EiffelActivityTriggeredEvent) USING INDEX t:EiffelActivityTriggeredEvent(name)
WHERE t.name IN $names${ACTIVITY_DEPLOYMENT_REST}`;

/** The same of a scope, from its artifacts (the identity index). */
export const ACTIVITY_SCOPED_DEPLOYMENTS_CYPHER = `${scopedByArtifact('EiffelActivityTriggeredEvent', 'CAUSE', 't')}${ACTIVITY_DEPLOYMENT_REST}`;

/** Every incident event, with the deployments the detections link to explicitly. */
export const INCIDENTS_CYPHER = `
MATCH (i:CDIncidentDetected|CDIncidentReported|CDIncidentResolved)
OPTIONAL MATCH (i)-[r]->(d:CDServiceDeployed|CDServiceUpgraded|CDServiceRolledback|EiffelArtifactDeployedEvent|EiffelActivityTriggeredEvent)
WHERE coalesce(r.derived, false) = false
RETURN i.id AS id, i:CDIncidentResolved AS resolved, i.subjectId AS subject, i.serviceId AS service,
       i.environmentId AS environment, i.artifactId AS artifact, i.time AS time, collect(DISTINCT d.id) AS linked,
       CASE WHEN i:CDIncidentResolved OR NOT i.event CONTAINS 'rootCause' THEN null ELSE i.event END AS event`;

/**
 * The events that made a commit (a push, a submission, a merge), by its full hash or a prefix of
 * it (the commitId index answers both).
 */
export const COMMIT_EVENTS_CYPHER = `
MATCH (n:Event) WHERE n.commitId STARTS WITH $commit RETURN n.id AS id`;

const contentTypes = CONTENT_LINK_TYPES.join('|');

const bugOf = (node: string): string =>
  `EXISTS { (${node})-[:RESOLVED_ISSUE|PARTIALLY_RESOLVED_ISSUE]->(w:EiffelIssueDefinedEvent) WHERE toLower(w.issueType) = 'bug' }`;

// A change opened for review: a pull or merge request's creation (a pushed commit names its commit).
const opensReviewOf = (node: string): string =>
  `(${node}.type STARTS WITH 'dev.cdevents.change.created' AND ${node}.commitId IS NULL)`;

/**
 * How many levels below the events asked for one read of the delta walk reaches. A round trip costs
 * about the same for 2 levels as for 12 here (its fixed cost dominates), and a repository's history
 * is a chain two levels per change, so a deep read saves round trips; each node is read once
 * (Neo4j's pruning breadth-first expand), so a wide fan-out does not multiply paths.
 */
export const CONTENT_LEVELS = 8;

/**
 * The events up to ${CONTENT_LEVELS} content links below the events `$ids` (themselves included), each
 * with all its content links: per link one row (its source's time, type, whether it is a placeholder,
 * resolves a bug work item or opens a change for review, and its target's id and the same), an event without links one row with `link` null.
 */
export const CONTENT_LINKS_CYPHER = `
UNWIND $ids AS id
MATCH (n:Event {id: id})
MATCH (n)-[:${contentTypes}*0..${CONTENT_LEVELS}]->(m:Event)
WITH DISTINCT m
WITH m, ${bugOf('m')} AS bug, ${opensReviewOf('m')} AS review
OPTIONAL MATCH (m)-[r:${contentTypes}]->(t:Event)
RETURN m.id AS source, m.time AS time, m.type AS type, m:Placeholder AS placeholder, bug, review,
       type(r) AS link, t.id AS target, t.time AS targetTime, t.type AS targetType,
       t:Placeholder AS targetPlaceholder, ${bugOf('t')} AS targetBug, ${opensReviewOf('t')} AS targetReview`;
