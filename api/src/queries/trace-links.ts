import { pipelineGraphVocabulary } from '@tracey/graph';
import { CDEVENTS_EVENT_TYPES, parseCdEventType } from '@tracey/schemas';

// The Eiffel event types the trace reports give a role; all are members of the protocol's closed
// list, so they may appear in statements as literals.
export const ARTIFACT_CREATED = 'EiffelArtifactCreatedEvent';
export const ARTIFACT_PUBLISHED = 'EiffelArtifactPublishedEvent';
export const ARTIFACT_DEPLOYED = 'EiffelArtifactDeployedEvent';
export const ACTIVITY_TRIGGERED = 'EiffelActivityTriggeredEvent';
export const COMPOSITION_DEFINED = 'EiffelCompositionDefinedEvent';
export const CONFIDENCE_LEVEL_MODIFIED = 'EiffelConfidenceLevelModifiedEvent';
export const ENVIRONMENT_DEFINED = 'EiffelEnvironmentDefinedEvent';
export const ISSUE_DEFINED = 'EiffelIssueDefinedEvent';
export const SOURCE_CHANGE_CREATED = 'EiffelSourceChangeCreatedEvent';
export const SOURCE_CHANGE_SUBMITTED = 'EiffelSourceChangeSubmittedEvent';

/** Links that say "is made of": one list for the trace reports and the DORA deltas, in `@tracey/graph`. */
export { CONTENT_LINK_TYPES } from '@tracey/graph';

/** Links from a source change to the work items it resolves, fully or partly. */
export const ISSUE_LINK_TYPES = ['PARTIALLY_RESOLVED_ISSUE', 'RESOLVED_ISSUE'] as const;

/**
 * Links by which an artifact names what made it: the run (CONTEXT), the event that caused the
 * build (CAUSE), the composition it was built from (COMPOSITION). An artifact with none of
 * them was made by no pipeline the graph knows: a third-party component.
 */
export const PROVENANCE_LINK_TYPES = ['CAUSE', 'COMPOSITION', 'CONTEXT'] as const;

/**
 * Links that lead to earlier versions of the same thing rather than to what made an event.
 * Lead-time statistics do not follow them: through them every release would reach the first
 * commit ever made.
 */
export const HISTORY_LINK_TYPES = ['BASE', 'PREVIOUS_VERSION'] as const;

/** Every known link type (Eiffel's and CDEvents') but the history ones: what "connected" means for lead-time statistics. */
export const STATS_LINK_TYPES: readonly string[] = pipelineGraphVocabulary.relationshipTypes.filter(
  (type) => !(HISTORY_LINK_TYPES as readonly string[]).includes(type),
);

/** Every version of the CDEvents types of `subject` and one of `predicates`, e.g. all `service.deployed`. */
function cdeventsTypes(subject: string, predicates: readonly string[]): string[] {
  return CDEVENTS_EVENT_TYPES.filter((type) => {
    const parts = parseCdEventType(type);
    return parts?.subject === subject && predicates.includes(parts.predicate);
  });
}

/** CDEvents changes: what a CDEvents pipeline builds from. */
export const CD_CHANGE_TYPES: readonly string[] = cdeventsTypes('change', ['created', 'updated', 'merged']);
/** CDEvents artifacts made (`packaged`) and published. */
export const CD_ARTIFACT_TYPES: readonly string[] = cdeventsTypes('artifact', ['packaged']);
export const CD_PUBLICATION_TYPES: readonly string[] = cdeventsTypes('artifact', ['published']);
/** CDEvents deployments of a service: what a release is in a CDEvents pipeline. */
export const CD_DEPLOYMENT_TYPES: readonly string[] = cdeventsTypes('service', [
  'deployed',
  'upgraded',
  'rolledback',
]);

/** Event types a contents report starts from: what a release is. */
export const RELEASE_TYPES: readonly string[] = [
  ARTIFACT_CREATED,
  ARTIFACT_DEPLOYED,
  ARTIFACT_PUBLISHED,
  COMPOSITION_DEFINED,
  CONFIDENCE_LEVEL_MODIFIED,
  ENVIRONMENT_DEFINED,
  ...CD_ARTIFACT_TYPES,
  ...CD_PUBLICATION_TYPES,
  ...CD_DEPLOYMENT_TYPES,
];

/** Event types a releases report starts from: what goes into a release. */
export const INGREDIENT_TYPES: readonly string[] = [
  ARTIFACT_CREATED,
  COMPOSITION_DEFINED,
  ISSUE_DEFINED,
  SOURCE_CHANGE_CREATED,
  SOURCE_CHANGE_SUBMITTED,
  ...CD_CHANGE_TYPES,
  ...CD_ARTIFACT_TYPES,
];

/** An activity counts as a deployment when its name holds this (any case). */
export const DEPLOY_ACTIVITY_MARK = 'deploy';
