import { CONTENT_LINK_TYPES } from '@tracey/graph';

// The statements the DORA keys read the graph with: fixed text, values only as parameters. Labels
// and relationship types come from constants (the protocols' closed lists), never from a request.

/** CDEvents deployments before `$until`, with their event (for `customData.outcome`). */
export const CD_DEPLOYMENTS_CYPHER = `
MATCH (d:CDServiceDeployed|CDServiceUpgraded|CDServiceRolledback)
WHERE d.time < $until
RETURN d.id AS id, d.time AS time, d:CDServiceRolledback AS rollback, d.serviceId AS service,
       d.environmentId AS environment, d.artifactId AS artifact, d.event AS event`;

/** Eiffel artifact deployments before `$until`, with the artifact's purl and the environment's name. */
export const EIFFEL_DEPLOYMENTS_CYPHER = `
MATCH (d:EiffelArtifactDeployedEvent)
WHERE d.time < $until
OPTIONAL MATCH (d)-[:ARTIFACT]->(a:EiffelArtifactCreatedEvent)
OPTIONAL MATCH (d)-[:ENVIRONMENT]->(e:EiffelEnvironmentDefinedEvent)
RETURN d.id AS id, d.time AS time, a.identity AS artifact, a.id AS artifactEvent, e.name AS environment`;

/** The names of Eiffel activities: the config's pattern picks the deployments among them. */
export const ACTIVITY_NAMES_CYPHER = `
MATCH (t:EiffelActivityTriggeredEvent) RETURN DISTINCT t.name AS name`;

/**
 * Runs of the activities named `$names` finished before `$until`: the conclusion, the artifact the
 * run was caused by (CAUSE, directly) and the event (for its `customData` environment).
 */
export const ACTIVITY_DEPLOYMENTS_CYPHER = `
MATCH (t:EiffelActivityTriggeredEvent)<-[:ACTIVITY_EXECUTION]-(f:EiffelActivityFinishedEvent)
WHERE t.name IN $names AND f.time < $until
OPTIONAL MATCH (t)-[:CAUSE]->(a:EiffelArtifactCreatedEvent)
WITH t, f, a ORDER BY a.time DESC
WITH t, f, collect(a)[0] AS a
RETURN t.id AS id, f.time AS time, f.conclusion AS conclusion, a.identity AS artifact, a.id AS artifactEvent,
       t.event AS event`;

/** Every incident event, with the deployments the detections link to explicitly. */
export const INCIDENTS_CYPHER = `
MATCH (i:CDIncidentDetected|CDIncidentReported|CDIncidentResolved)
OPTIONAL MATCH (i)-[r]->(d:CDServiceDeployed|CDServiceUpgraded|CDServiceRolledback|EiffelArtifactDeployedEvent|EiffelActivityTriggeredEvent)
WHERE coalesce(r.derived, false) = false
RETURN i.id AS id, i:CDIncidentResolved AS resolved, i.subjectId AS subject, i.serviceId AS service,
       i.environmentId AS environment, i.artifactId AS artifact, i.time AS time, collect(DISTINCT d.id) AS linked,
       CASE WHEN i:CDIncidentResolved THEN null ELSE i.event END AS event`;

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

/** How many levels of content links one read of the delta walk returns. */
export const CONTENT_LEVELS = 3;

/**
 * The content links below the events `$ids`, ${CONTENT_LEVELS} levels deep in one round trip: per
 * link, its level (0: from a root), its source, type and target with the target's time, type and
 * whether it resolves a bug work item or opens a change for review. A root without links: one row with `link` null. The nodes
 * above the deepest level have all their links in the answer.
 */
export const CONTENT_LINKS_CYPHER = `
UNWIND $ids AS id
MATCH (n:Event {id: id})
OPTIONAL MATCH p = (n)-[:${contentTypes}*1..${CONTENT_LEVELS}]->(:Event)
UNWIND CASE WHEN p IS NULL THEN [null] ELSE range(0, length(p) - 1) END AS level
WITH DISTINCT n, level, CASE WHEN p IS NULL THEN null ELSE relationships(p)[level] END AS r
WITH n, level, r, startNode(r) AS a, endNode(r) AS m
RETURN n.id AS root, n.time AS rootTime, n.type AS rootType, ${bugOf('n')} AS rootBug, ${opensReviewOf('n')} AS rootReview,
       level, a.id AS source, type(r) AS link, m.id AS target, m.time AS targetTime, m.type AS targetType,
       m:Placeholder AS placeholder, ${bugOf('m')} AS targetBug, ${opensReviewOf('m')} AS targetReview`;
